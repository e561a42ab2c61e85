/**
 * Device facts: `readDeviceFacts` runs the show commands, `buildDeviceFacts` (pure) combines their
 * outputs. `show version` and `dir` are required; the others add what they can, and a command the
 * platform does not have (`show switch` on a router) or that does not parse becomes a warning with a
 * safe default, never a guess.
 */
import { WarroomError, toWarroomError } from '../../core/errors.js';
import { normaliseVersion, platformProfile, type Redundancy } from '../../inventory/platforms.js';
import type { CliSession, ReadReply } from '../../ports/cli-session.js';
import { SHOW } from './commands.js';
import type { DeviceFacts, StackMember } from '../../ports/device-facts.js';
import { parseShowRedundancy, parseShowSwitch, parseShowVersion, type ShowVersion } from './parsers/index.js';
import { bootVariableFacts, flashFacts, installFacts } from './probes.js';
import type { DriverContext } from './context.js';
import type { StepRecorder } from './result.js';

/** Raw outputs, by command; `undefined` for a command not run or failed (with the reason in `errors`). */
export interface FactOutputs {
  version: string;
  dir: string;
  /** The file system `dir` listed (`flash:`); default from the platform. */
  flash?: string;
  installSummary?: string;
  redundancy?: string;
  switch?: string;
  boot?: string;
  /** Why an optional command has no output (e.g. `% Invalid input` on a router). */
  errors?: Partial<Record<'installSummary' | 'redundancy' | 'switch' | 'boot', string>>;
}

/** The file system a device keeps images on: from the platform, else from the booted image's path. */
function flashDeviceOf(version: ShowVersion): string {
  const profile = version.platform ? platformProfile(version.platform) : undefined;
  if (profile) return profile.flash;
  const m = /^([a-z0-9-]+:)/i.exec(version.imageFile ?? '');
  return m?.[1] ?? 'flash:';
}

/** `bootflash:/x.bin` -> `bootflash:x.bin`, the form `boot system` and `dir` use. */
function canonicalPath(path: string): string {
  return path.replace(/^([a-z0-9-]+:)\/+/i, '$1');
}

/** Combines the outputs into facts. Pure. Throws `unexpected_output` when show version or dir cannot be read. */
export function buildDeviceFacts(host: string, outputs: FactOutputs): DeviceFacts {
  const warnings: string[] = [];
  for (const [command, reason] of Object.entries(outputs.errors ?? {})) {
    if (reason) warnings.push(`${command}: ${reason}`);
  }
  const version = parseShowVersion(outputs.version);
  const model = version.platform ?? version.members.find((m) => m.current)?.model ?? '';
  const profile = platformProfile(model);
  const flash = outputs.flash ?? flashDeviceOf(version);
  const image = canonicalPath(version.imageFile ?? '');

  const optional = <T>(name: string, text: string | undefined, parse: (t: string) => T): T | undefined => {
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (err) {
      warnings.push(`${name}: ${toWarroomError(err).message}`);
      return undefined;
    }
  };

  const install = optional('show install summary', outputs.installSummary, installFacts) ?? {
    packages: [],
    uncommitted: false,
    autoAbortTimerActive: false,
  };
  const boot = optional('show boot', outputs.boot, bootVariableFacts) ?? [];
  const redundancy = optional('show redundancy', outputs.redundancy, parseShowRedundancy);
  const switches = optional('show switch', outputs.switch, parseShowSwitch);

  const memberVersion = new Map(version.members.map((m) => [m.switch, m.swVersion]));
  const stack: StackMember[] = (switches?.members ?? []).map((m) => {
    const member: StackMember = { number: m.switch, role: m.role, state: m.state };
    const v = memberVersion.get(m.switch);
    if (v) member.version = normaliseVersion(v);
    return member;
  });

  const operating = redundancy?.operatingMode ?? '';
  const mode: DeviceFacts['redundancy']['mode'] = /sso|stateful/i.test(operating)
    ? 'sso'
    : /rpr|route processor redundancy/i.test(operating)
      ? 'rpr'
      : 'none';
  const peerState = redundancy?.peerState;
  const hasPeer = peerState !== undefined && !/disabled|none|not present/i.test(peerState);
  let kind: Redundancy = 'none';
  if (profile?.family === 'cat9500' && (hasPeer || stack.length === 2)) kind = 'svl';
  else if (stack.length > 1) kind = 'stack';
  else if (hasPeer && profile?.redundancy.includes('dual_sup')) kind = 'dual_sup';

  const bootMode: DeviceFacts['bootMode'] =
    version.bootMode ??
    (/packages\.conf$/i.test(image) || boot.some((b) => /packages\.conf$/i.test(b)) ? 'install' : 'bundle');
  if (!version.bootMode)
    warnings.push(
      `show version: boot mode not printed; taken as ${bootMode} from ${image || 'the boot variable'}`,
    );

  const facts: DeviceFacts = {
    host,
    hostname: version.hostname,
    version: normaliseVersion(version.version),
    model,
    serial: version.serialNumbers[0] ?? version.processorBoardId ?? '',
    uptime: version.uptime,
    image,
    bootMode,
    flash: flashFacts(outputs.dir, flash),
    redundancy: { kind, mode },
    stack,
    install,
    bootVariable: boot.map(canonicalPath),
    warnings,
  };
  if (profile) facts.family = profile.family;
  if (version.uptimeSeconds !== undefined) facts.uptimeSeconds = version.uptimeSeconds;
  if (redundancy?.myState) facts.redundancy.myState = redundancy.myState;
  if (peerState) facts.redundancy.peerState = peerState;
  return facts;
}

export interface ReadFactsOptions {
  /** The inventory name for the facts and errors (default: the session's host). */
  host?: string;
  timeoutMs?: number;
  /** Record the commands in this step's output. */
  recorder?: StepRecorder;
  /**
   * The file system the last read of this device found (`flash:`): its `dir` goes in the same write as
   * the other reads. Checked against show version; a wrong guess costs one more round trip.
   */
  flash?: string | undefined;
}

const OPTIONAL_READS: readonly [keyof NonNullable<FactOutputs['errors']>, string][] = [
  ['installSummary', SHOW.installSummary],
  ['redundancy', SHOW.redundancy],
  ['switch', SHOW.switch],
  ['boot', SHOW.boot],
];

/**
 * Runs show version, dir, show install summary, show redundancy, show switch and show boot (typed ahead
 * in one write when the flash is known, two otherwise), and combines them. A `% Invalid input` on an
 * optional command (a router has no `show switch`) is a warning; on show version or dir it is thrown, as
 * is a transport failure (session closed, timeout), as the WarroomError it is.
 */
export async function readDeviceFacts(
  session: CliSession,
  options: ReadFactsOptions = {},
): Promise<DeviceFacts> {
  const host = options.host ?? session.host;
  const commandOptions = { timeoutMs: options.timeoutMs ?? 60_000 };
  const read = async (commands: readonly string[]): Promise<Map<string, ReadReply>> => {
    const replies = options.recorder
      ? await options.recorder.runReads(session, commands, commandOptions)
      : await session.runReads(commands, commandOptions);
    const ended = replies.find((r) => 'error' in r && r.error.code !== 'command_error');
    if (ended && 'error' in ended) throw ended.error;
    return new Map(replies.map((r) => [r.command, r]));
  };
  const required = (replies: Map<string, ReadReply>, command: string): string => {
    const reply = replies.get(command);
    if (!reply) throw new WarroomError('internal', `${host}: no reply to "${command}"`, { host });
    if ('error' in reply) throw reply.error;
    return reply.output;
  };
  try {
    const guess = options.flash;
    const replies = await read([
      SHOW.version,
      ...(guess ? [SHOW.dir(guess)] : []),
      ...OPTIONAL_READS.map(([, command]) => command),
    ]);
    const version = required(replies, SHOW.version);
    const flash = flashDeviceOf(parseShowVersion(version));
    const dir = required(flash === guess ? replies : await read([SHOW.dir(flash)]), SHOW.dir(flash));
    const outputs: FactOutputs = { version, dir, flash, errors: {} };
    for (const [key, command] of OPTIONAL_READS) {
      const reply = replies.get(command);
      if (reply && 'output' in reply) outputs[key] = reply.output;
      else if (reply) outputs.errors![key] = reply.error.message;
    }
    return buildDeviceFacts(host, outputs);
  } catch (err) {
    const e = toWarroomError(err, 'internal', { host, step: 'read_facts' });
    throw e instanceof WarroomError ? e : err;
  }
}

/** The facts on a driver's session; `dir` goes in the same write as the rest once the flash is known. */
export async function readContextFacts(
  ctx: DriverContext,
  session: CliSession,
  recorder?: StepRecorder,
): Promise<DeviceFacts> {
  const facts = await readDeviceFacts(session, {
    host: ctx.host,
    timeoutMs: ctx.timeouts.commandMs,
    flash: ctx.flash,
    ...(recorder ? { recorder } : {}),
  });
  ctx.flash = facts.flash.device;
  return facts;
}
