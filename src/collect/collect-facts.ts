/**
 * Fleet facts, fast: one session per host, a few read-only commands each, many hosts at once, each host's
 * record handed out the moment it is done. A host that cannot be reached, refuses the login, drops the
 * session or hangs becomes its own `ok: false` record; the others go on.
 */
import { performance } from 'node:perf_hooks';
import { WarroomError } from '../core/errors.js';
import { findParser, type CommandParser } from '../devices/iosxe/parsers/index.js';
import type { CliSession, DeviceTarget, Transport } from '../ports/cli-session.js';
import {
  buildHostFacts,
  validateCollectCommands,
  type CommandOutcome,
  type HostFacts,
} from './host-facts.js';

/** Enough to hide SSH latency, few enough that a TACACS server and the devices' vty lines do not notice. */
export const DEFAULT_COLLECT_CONCURRENCY = 20;
export const MAX_COLLECT_CONCURRENCY = 500;

export interface CollectRequest {
  /** Host names, in the order the result lists them. */
  hosts: readonly string[];
  /** Read-only commands, run in this order on every host; anything else is refused before any connect. */
  commands: readonly string[];
  /** How to reach a host. A throw (no credentials, not served) fails that host only. */
  target: (host: string) => DeviceTarget;
  transport: Transport;
  /** Hosts worked on at once (default 20). */
  concurrency?: number;
  /** Keep every command's raw text, parsed or not. */
  raw?: boolean;
  /** Longest silence during one command, ms (default: the transport's). */
  commandTimeoutMs?: number;
  /** Budget for TCP, handshake and authentication, ms (default: the transport's). */
  connectTimeoutMs?: number;
  /** Stops starting hosts and cuts the sessions in flight (their hosts end `ok: false`). */
  signal?: AbortSignal;
  /** Called with each host's record as soon as it is done (completion order). */
  onResult?: (facts: HostFacts) => void;
}

/**
 * Runs the commands on every host and resolves with one record per host that was started, in the order
 * of `hosts` (after an abort, hosts never started have no record). Throws `validation_failed` before
 * contacting anything when a command is not read-only or the concurrency is out of range.
 */
export async function collectFacts(request: CollectRequest): Promise<HostFacts[]> {
  const commands = validateCollectCommands(request.commands);
  const concurrency = request.concurrency ?? DEFAULT_COLLECT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_COLLECT_CONCURRENCY)
    throw new WarroomError(
      'validation_failed',
      `concurrency must be a whole number from 1 to ${MAX_COLLECT_CONCURRENCY}, got ${concurrency}`,
    );
  const parsers = new Map(commands.map((c) => [c, findParser(c)]));
  const parserFor = (command: string) => parsers.get(command);
  const records: (HostFacts | undefined)[] = request.hosts.map(() => undefined);
  const closing: Promise<void>[] = [];
  // One listener on the caller's signal for the whole run, whatever the concurrency: each host in flight
  // gets its own signal from here (its transport listens to that, not to the caller's).
  const inFlight = new Set<AbortController>();
  const cutAll = (): void => {
    for (const controller of inFlight) controller.abort(request.signal?.reason);
  };
  request.signal?.addEventListener('abort', cutAll, { once: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < request.hosts.length && !request.signal?.aborted) {
      const index = next++;
      const host = request.hosts[index]!;
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        const facts = await collectHost(host, commands, request, {
          signal: controller.signal,
          closing,
          parserFor,
        });
        records[index] = facts;
        request.onResult?.(facts);
      } finally {
        inFlight.delete(controller);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, request.hosts.length) }, worker));
  } finally {
    request.signal?.removeEventListener('abort', cutAll);
  }
  // Sessions close after their record is out; the process must not end with one half-closed.
  await Promise.allSettled(closing);
  return records.filter((r): r is HostFacts => r !== undefined);
}

async function collectHost(
  host: string,
  commands: readonly string[],
  request: CollectRequest,
  run: {
    signal: AbortSignal;
    closing: Promise<void>[];
    parserFor: (command: string) => CommandParser | undefined;
  },
): Promise<HostFacts> {
  const { signal, closing } = run;
  const started = performance.now();
  const outcomes: CommandOutcome[] = [];
  let failure: unknown;
  let session: CliSession | undefined;
  const cut = (): void => void session?.close();
  signal.addEventListener('abort', cut, { once: true });
  try {
    const target = request.target(host);
    session = await request.transport.open(target, {
      ...(request.connectTimeoutMs !== undefined ? { connectTimeoutMs: request.connectTimeoutMs } : {}),
      signal,
    });
    // Typed ahead in one write where the session can: one round trip for the lot instead of one each. A
    // refused command keeps its error and the rest go on; a timeout or a drop ends the host there.
    outcomes.push(
      ...(await session.runReads(commands, {
        ...(request.commandTimeoutMs !== undefined ? { timeoutMs: request.commandTimeoutMs } : {}),
      })),
    );
  } catch (err) {
    failure = err;
  } finally {
    signal.removeEventListener('abort', cut);
    if (session) closing.push(session.close().catch(() => undefined));
  }
  if (signal.aborted && outcomes.length < commands.length)
    failure = new WarroomError('session_closed', `${host}: collect interrupted before the host was done`, {
      host,
    });
  return buildHostFacts({
    host,
    outcomes,
    ...(failure !== undefined ? { failure } : {}),
    raw: request.raw === true,
    elapsedMs: performance.now() - started,
    parserFor: run.parserFor,
  });
}
