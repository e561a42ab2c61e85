/**
 * Small reads the primitives make to check their own preconditions and results: one command, parsed.
 * Each goes through the step's recorder when there is one, so the command shows up in the step's output.
 */
import type { CliSession, CommandOptions } from '../../ports/cli-session.js';
import { SHOW } from './commands.js';
import type { DeviceFacts } from '../../ports/device-facts.js';
import {
  parseDir,
  parseShowBoot,
  parseShowInstall,
  parseShowVersion,
  type ShowVersion,
} from './parsers/index.js';
import type { StepRecorder } from './result.js';

/** Runs one command through the recorder when given, else straight on the session. */
export function runOn(
  r: StepRecorder | undefined,
  session: CliSession,
  command: string,
  options: CommandOptions,
): Promise<string> {
  return r ? r.run(session, command, options) : session.run(command, options);
}

/** `dir <flash>`: free and total bytes, and the plain files (no directories). */
export async function readFlash(
  r: StepRecorder | undefined,
  session: CliSession,
  flash: string,
  timeoutMs: number,
): Promise<DeviceFacts['flash']> {
  return flashFacts(await runOn(r, session, SHOW.dir(flash), { timeoutMs }), flash);
}

/** The flash part of the facts from `dir` output. */
export function flashFacts(text: string, flash: string): DeviceFacts['flash'] {
  const dir = parseDir(text);
  return {
    device: flash,
    totalBytes: dir.totalBytes ?? 0,
    freeBytes: dir.freeBytes ?? 0,
    files: dir.files.filter((f) => !f.isDirectory).map((f) => ({ name: f.name, size: f.size })),
  };
}

export async function readVersion(
  r: StepRecorder | undefined,
  session: CliSession,
  timeoutMs: number,
): Promise<ShowVersion> {
  return parseShowVersion(await runOn(r, session, SHOW.version, { timeoutMs }));
}

/** The install part of the facts from `show install summary` output. */
export function installFacts(text: string): DeviceFacts['install'] {
  const summary = parseShowInstall(text);
  const install: DeviceFacts['install'] = {
    packages: summary.packages.map((p) => ({ type: p.type, state: p.state, name: p.filenameVersion })),
    uncommitted: summary.uncommitted,
    autoAbortTimerActive: summary.autoAbortTimer?.active ?? false,
  };
  if (summary.autoAbortTimer?.remaining) install.autoAbortRemaining = summary.autoAbortTimer.remaining;
  return install;
}

export async function readInstall(
  r: StepRecorder | undefined,
  session: CliSession,
  timeoutMs: number,
): Promise<DeviceFacts['install']> {
  return installFacts(await runOn(r, session, SHOW.installSummary, { timeoutMs }));
}

/** The boot variable entries for the next reload, from `show boot` output. */
export function bootVariableFacts(text: string): string[] {
  return parseShowBoot(text).nextBootVariable;
}

export async function readBootVariable(
  r: StepRecorder | undefined,
  session: CliSession,
  timeoutMs: number,
): Promise<string[]> {
  return bootVariableFacts(await runOn(r, session, SHOW.boot, { timeoutMs }));
}

/**
 * True when a package line or file name names `version` (`17.09.05.0.1234`, `cat9k_iosxe.17.09.05.SPA.bin`,
 * `isr4300-universalk9.17.09.05.SPA.bin`, `17.9.5`). The major release is two digits, so the `9.17.09` in
 * `universalk9.17.09.05` is never taken for a version.
 */
export function packageIsVersion(name: string, version: string): boolean {
  const pattern = /(?:^|\D)(\d{2})\.(\d{1,2})\.(\d{1,3})/;
  const m = pattern.exec(name);
  const v = pattern.exec(version);
  if (!m || !v) return false;
  return [1, 2, 3].every((i) => parseInt(m[i]!, 10) === parseInt(v[i]!, 10));
}
