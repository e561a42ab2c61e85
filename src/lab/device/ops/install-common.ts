/**
 * Shared pieces of the install engine: the one-operation lock, the START/SUCCESS/FAILED lines, the
 * per-member progress blocks, and the `[y/n]` question.
 */
import type { CommandContext } from '../cli/command-context.js';
import type { DeviceState } from '../model/device-state.js';
import { installLocations } from '../render/install.js';
import { formatInstallDate } from '../render/time-format.js';

/** Thrown to end an install operation with `FAILED: op : reason` (already printed). */
class InstallFailed extends Error {}

export interface InstallOp {
  ctx: CommandContext;
  /** `install_add_activate_commit` */
  name: string;
  /** Skip the `[y/n]` questions (`prompt-level none`). */
  noPrompt: boolean;
}

/** The engine's name for where it runs: `switch 1`, `R0`. */
function memberNames(state: DeviceState): { tag: string; name: string }[] {
  return installLocations(state).map((loc) =>
    state.hw.shape === 'stack' ? { tag: loc, name: `switch ${loc}` } : { tag: loc, name: loc },
  );
}

export function unitLabel(state: DeviceState): string {
  return state.hw.shape === 'stack' ? 'Switch 1 R0/0' : 'R0/0';
}

export async function say(op: InstallOp, text: string): Promise<void> {
  await op.ctx.io.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Runs `body` holding the device's install lock; prints START, and FAILED or SUCCESS. */
export async function runInstallOp(
  op: InstallOp,
  detail: string,
  body: () => Promise<boolean | void>,
): Promise<void> {
  const { rt, io } = op.ctx;
  const { install } = rt.state;
  await say(op, `${op.name}: START ${formatInstallDate(rt.now())}`);
  if (install.busy) {
    await fail(op, 'Cannot start new install operation, some operation is already in progress').catch(
      () => undefined,
    );
    return;
  }
  install.busy = op.name;
  rt.log(
    `%INSTALL-5-INSTALL_START_INFO: ${unitLabel(rt.state)}: install_engine: Started ${op.name.replace(/^install_/, 'install ')} ${detail}`,
  );
  try {
    const quiet = await body();
    if (quiet !== true) await say(op, `SUCCESS: ${op.name}  ${formatInstallDate(rt.now())}`);
    rt.log(
      `%INSTALL-5-INSTALL_COMPLETED_INFO: ${unitLabel(rt.state)}: install_engine: Completed ${op.name.replace(/^install_/, 'install ')} ${detail}`,
    );
  } catch (error) {
    if (!(error instanceof InstallFailed)) throw error;
    io.fail();
  } finally {
    if (install.busy === op.name) delete install.busy;
  }
}

/** Prints the failure and ends the operation. */
export async function fail(op: InstallOp, reason: string): Promise<never> {
  const { rt } = op.ctx;
  await say(op, `FAILED: ${op.name} : ${reason}`);
  rt.log(
    `%INSTALL-3-OPERATION_ERROR_MESSAGE: ${unitLabel(rt.state)}: install_engine: Failed to ${op.name.replace(/^install_/, 'install ')}, Error: ${reason}`,
  );
  op.ctx.io.fail();
  throw new InstallFailed(reason);
}

/** `--- Starting Add ---` ... `Finished Add`, each member taking `perMemberMs` of device time. */
export async function phase(
  op: InstallOp,
  title: string,
  perMemberMs: number,
  details?: (member: string) => string[],
): Promise<void> {
  const { rt, io } = op.ctx;
  const members = memberNames(rt.state);
  const tags = members.map((m) => m.tag).join(' ');
  await say(op, `--- Starting ${title} ---`);
  await say(op, `Performing ${title} on all members`);
  for (const m of members) {
    await say(op, `  [${m.tag}] ${title} package(s) on ${m.name}`);
    await rt.work(perMemberMs, io.signal);
    if (details) for (const line of details(m.name)) await say(op, line);
    await say(op, `  [${m.tag}] Finished ${title} on ${m.name}`);
  }
  await say(op, `Checking status of ${title} on [${tags}]`);
  await say(op, `${title}: Passed on [${tags}]`);
  await say(op, `Finished ${title}\n`);
}

/** The `[y/n]` question; exec and `prompt-level none` say yes. */
export async function askYesNo(op: InstallOp, question: string): Promise<boolean> {
  const { io } = op.ctx;
  if (op.noPrompt || !io.interactive) return true;
  for (;;) {
    const answer = (await io.ask(`${question} [y/n]`)).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') return true;
    if (answer === 'n' || answer === 'no') return false;
  }
}
