import { renderDeviceText } from '../../procedures/index.js';
import type { BackupTarget } from '../../ports/device-driver.js';
import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';

/**
 * `copy running-config tftp:|scp:` to the server the step names; the login and port come from the fleet
 * access (secrets never live in procedure files).
 */
export const backupStep: StepExecutor<'backup'> = {
  async run(step, ctx) {
    const scope = ctx.scope();
    const server = renderDeviceText(step.server, scope);
    // `path` names the file on the server: its directory part and its file name.
    const path = renderDeviceText(step.path, scope).replace(/^\/+/, '');
    const slash = path.lastIndexOf('/');
    const directory = slash >= 0 ? `/${path.slice(0, slash)}` : '';
    const filename = slash >= 0 ? path.slice(slash + 1) : path;
    const target: BackupTarget = {
      ...ctx.deps.access.backupTarget(server, step.to),
      directory,
      ...(filename ? { filename } : {}),
    };
    return outcomeOf(await ctx.driver().backupConfig(target));
  },
};
