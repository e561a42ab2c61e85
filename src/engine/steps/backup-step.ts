import { renderTemplate } from '../../procedures/index.js';
import type { BackupTarget } from '../../devices/iosxe/index.js';
import type { StepExecutor } from './step-executor.js';
import { outcomeOf } from './step-executor.js';

/**
 * `copy running-config tftp:|scp:` to the configured backup server. The step's `server` names it for
 * people; the login and port come from the fleet access (secrets never live in procedure files). A server
 * other than the configured one is used as written, without a login.
 */
export const backupStep: StepExecutor<'backup'> = {
  async run(step, ctx) {
    const scope = ctx.scope();
    const server = renderTemplate(step.server, scope);
    // `path` names the file on the server: its directory part and its file name.
    const path = renderTemplate(step.path, scope).replace(/^\/+/, '');
    const slash = path.lastIndexOf('/');
    const directory = slash >= 0 ? `/${path.slice(0, slash)}` : '';
    const filename = slash >= 0 ? path.slice(slash + 1) : path;
    const configured = ctx.deps.access.backup;
    const known = isConfiguredServer(
      server,
      ctx.deps.access.inventory.staging.central.address,
      configured.host,
    );
    const target: BackupTarget = known
      ? { ...configured, protocol: step.to, directory, ...(filename ? { filename } : {}) }
      : { protocol: step.to, host: server, directory, ...(filename ? { filename } : {}) };
    return outcomeOf(await ctx.driver().backupConfig(target));
  },
};

function isConfiguredServer(server: string, centralAddress: string, configuredHost: string): boolean {
  return ['central', 'staging', 'backup', centralAddress, configuredHost].includes(server);
}
