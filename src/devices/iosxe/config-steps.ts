/** Saving and backing up the configuration (shared/IOSXE.md "Saving and backing up the configuration"). */
import { registerSecret } from '../../core/redact.js';
import { BYTES_COPIED, CMD, COPY_BACKUP_PROMPTS } from './commands.js';
import type { DriverContext } from './context.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { BackupData, BackupTarget } from '../../ports/device-driver.js';

export type { BackupData, BackupTarget };

/** `write memory`, checked for `[OK]`. Safe to repeat. */
export async function saveConfig(ctx: DriverContext): Promise<StepResult> {
  return runStep(new StepRecorder(ctx.host, 'save_config'), async (r) => {
    const session = await ctx.session();
    const out = await r.run(session, CMD.writeMemory, { timeoutMs: ctx.timeouts.commandMs });
    if (!/\[OK\]/.test(out))
      return r.fail('command_error', 'write memory did not answer [OK]', { detail: out });
    return r.ok(true, 'running configuration saved to startup-config');
  });
}

/** The URL a device copies to; carries the password when there is one, so it is never shown unredacted. */
function backupUrl(target: BackupTarget, filename: string): string {
  const dir = (target.directory ?? '').replace(/^\/+|\/+$/g, '');
  const pathPart = dir ? `/${dir}/${filename}` : `/${filename}`;
  const port = target.port ? `:${target.port}` : '';
  if (target.protocol === 'tftp') return `tftp://${target.host}${port}${pathPart}`;
  const cred = target.username
    ? `${encodeURIComponent(target.username)}${target.password ? `:${target.password}` : ''}@`
    : '';
  return `scp://${cred}${target.host}${port}${pathPart}`;
}

function timestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * `copy running-config <tftp|scp URL>`, answering the host/file questions with the URL's own values and
 * checking the `N bytes copied` line. Any `%Error` (timed out, refused) is `backup_failed`. Each call
 * writes a new timestamped file unless `filename` is given, so repeating it never overwrites a good backup
 * with a later state by accident.
 */
export async function backupConfig(
  ctx: DriverContext,
  target: BackupTarget,
): Promise<StepResult<BackupData>> {
  registerSecret(target.password);
  const filename = target.filename ?? `${ctx.host}-confg-${timestamp(ctx.clock.now())}`;
  const url = backupUrl(target, filename);
  const r = new StepRecorder(ctx.host, 'backup_config');
  return runStep(
    r,
    async () => {
      const session = await ctx.session();
      const out = await r.run(session, CMD.copyRunningTo(url), {
        prompts: COPY_BACKUP_PROMPTS,
        timeoutMs: ctx.timeouts.copyMs,
      });
      const m = BYTES_COPIED.exec(out);
      const bytes = m ? Number(m[1]) : 0;
      const data: BackupData = {
        url: r.commands[0]?.replace(/^copy running-config /, '') ?? '',
        filename,
        bytes,
      };
      if (!m || bytes <= 0) {
        return r.fail('backup_failed', 'the device did not report any bytes copied', { detail: out, data });
      }
      return r.ok(false, `${bytes} bytes of running-config copied to ${data.url}`, data);
    },
    { command_error: 'backup_failed', command_timeout: 'backup_failed', unexpected_prompt: 'backup_failed' },
  );
}
