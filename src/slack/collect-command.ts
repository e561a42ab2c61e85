/**
 * `/warroom collect`: the same options as `warroom collect` (read by the same code), answered at once
 * and collected in the background: the summary table is posted in the channel the command was typed in,
 * and every host's record goes in its thread as a JSON lines file (files.uploadV2; Slack's 429 and 5xx on
 * the upload are retried by the client's own policy). A file that cannot be attached leaves the table up
 * and says so. One identical collect per person at a time: a second submit is told the first is going.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@slack/bolt';
import { isAllowedOperator, listPolicyGroups, type ApprovalPolicy } from '../approvals/index.js';
import { parseCollectArgs, type CollectArgs, type HostFacts } from '../collect/index.js';
import { WarroomError, isWarroomError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Directory } from '../ports/audit.js';
import type { Clock } from '../ports/clock.js';
import type { FleetCollector } from '../ports/fleet-collector.js';
import { splitCommandWords } from './command-words.js';
import { renderCollectSummary, type CollectFileState } from './render/collect.js';
import { renderSlackError } from './render/error.js';
import { section, type SlackMessage } from './render/limits.js';
import type { WebClient } from './web-client.js';

export interface CollectCommandDeps {
  collector: FleetCollector;
  client: WebClient;
  policy: ApprovalPolicy;
  directory: Directory;
  clock: Clock;
  logger: Logger;
  /** Rows in the posted table (default the renderer's). */
  rowLimit?: number;
}

export interface CollectInput {
  userId: string;
  channelId: string;
  /** The text after `collect`. */
  text: string;
}

export interface CollectReply {
  ack(message?: SlackMessage): Promise<void>;
  respond(message: SlackMessage): Promise<void>;
}

/** Records an outcome in the audit trail (the command's who, where and text are the caller's). */
export type RecordOutcome = (outcome: string, reason?: string) => void;

interface Gathered {
  records: HostFacts[];
  chosen: number;
  elapsedMs: number;
}

function text(markdown: string): SlackMessage {
  return { text: markdown, blocks: [section(markdown)] };
}

export class SlackCollect {
  /** Collects in flight, by person and request: an identical second submit is told, not run twice. */
  private readonly running = new Map<string, AbortController>();
  private readonly jobs = new Set<Promise<unknown>>();

  constructor(private readonly deps: CollectCommandDeps) {}

  /** Checks the words and acknowledges at once; the collect itself runs after the acknowledgement. */
  async command(input: CollectInput, reply: CollectReply, record: RecordOutcome): Promise<void> {
    let args: CollectArgs;
    try {
      args = parseCollectArgs(splitCommandWords(input.text));
    } catch (error) {
      if (!isWarroomError(error)) throw error;
      record('usage', error.message);
      await reply.ack(text(`${renderSlackError(error)}\n${COLLECT_USAGE}`));
      return;
    }
    const key = `${input.userId}\u0000${JSON.stringify(args)}`;
    if (this.running.has(key)) {
      record('already_running');
      await reply.ack(
        text(
          ':hourglass_flowing_sand: This collect is already running for you; its table will be posted here when it is done.',
        ),
      );
      return;
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    await reply.ack(
      text(
        `:mag: Collecting ${args.commands.map((c) => `\`${c.replace(/`/g, "'")}\``).join(', ')}; the table will be posted in this channel.`,
      ),
    );
    const gathering = this.gather(input, args, controller.signal, reply, record);
    this.jobs.add(gathering);
    let gathered: Gathered | undefined;
    try {
      gathered = await gathering;
    } finally {
      this.jobs.delete(gathering);
      this.running.delete(key);
    }
    if (gathered) await this.post(input, args, gathered, reply);
  }

  /**
   * Cuts every collect in flight and waits until each has its records. Posting them goes on: it waits
   * only on Slack, whose retries (half an hour in production) must not hold a stopping bot.
   */
  async stop(): Promise<void> {
    for (const controller of this.running.values()) controller.abort(new Error('the bot is stopping'));
    await Promise.allSettled([...this.jobs]);
  }

  /** Hosts chosen, the person checked, the devices read; a failure is told and answers undefined. */
  private async gather(
    input: CollectInput,
    args: CollectArgs,
    signal: AbortSignal,
    reply: CollectReply,
    record: RecordOutcome,
  ): Promise<Gathered | undefined> {
    const started = performance.now();
    try {
      const hosts = await this.deps.collector.select(args.selection);
      await this.authorise(input.userId, hosts);
      const records = await this.deps.collector.collect({
        hosts: hosts.map((h) => h.name),
        commands: args.commands,
        raw: args.raw,
        concurrency: args.concurrency,
        signal,
      });
      const ok = records.filter((r) => r.ok).length;
      record('collected', `${ok} of ${hosts.length} host(s) ok`);
      return { records, chosen: hosts.length, elapsedMs: performance.now() - started };
    } catch (error) {
      record(isWarroomError(error) ? error.code : 'internal', errorText(error));
      await reply.respond(text(this.describe(error))).catch((e: unknown) => this.logFailure('respond', e));
      return undefined;
    }
  }

  /** The table in the channel, the file in its thread, the table redrawn with where the file is. */
  private async post(
    input: CollectInput,
    args: CollectArgs,
    { records, chosen, elapsedMs }: Gathered,
    reply: CollectReply,
  ): Promise<void> {
    const filename = `collect-${fileStamp(this.deps.clock.now())}.jsonl`;
    const summary = (file: CollectFileState): SlackMessage =>
      renderCollectSummary({
        records,
        chosen,
        commands: args.commands,
        elapsedMs,
        by: input.userId,
        file,
        ...(this.deps.rowLimit !== undefined ? { rowLimit: this.deps.rowLimit } : {}),
      });
    let ts: string;
    try {
      const posted = await this.deps.client.chat.postMessage({
        channel: input.channelId,
        ...summary({ state: 'attaching', filename }),
      });
      if (!posted.ts) throw new WarroomError('internal', 'Slack posted the table without a message ts');
      ts = posted.ts;
    } catch (error) {
      // The bot is not in this channel (or Slack refused): the person still gets the table, privately.
      const reason = `the table could not be posted in this channel: ${errorText(error)}`;
      await reply
        .respond(summary({ state: 'failed', filename, reason }))
        .catch((e: unknown) => this.logFailure('respond', e));
      return;
    }
    const file = await this.attach(input.channelId, ts, filename, records);
    await this.deps.client.chat
      .update({ channel: input.channelId, ts, ...summary(file) })
      .catch((e: unknown) => this.logFailure('chat.update', e));
    if (file.state === 'failed')
      await reply
        .respond(
          text(
            `:warning: The table is posted, but the JSON lines file could not be attached: ${file.reason}`,
          ),
        )
        .catch((e: unknown) => this.logFailure('respond', e));
  }

  /** The records as a JSON lines file in the table's thread; what came of it, never a throw. */
  private async attach(
    channel: string,
    threadTs: string,
    filename: string,
    records: readonly HostFacts[],
  ): Promise<CollectFileState> {
    // Records are redacted when built; the file leaves the building, so once more over the whole text.
    const content = redact(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    try {
      await this.deps.client.files.uploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        file: Buffer.from(content, 'utf8'),
        filename,
        title: `collect: ${records.length} host record(s)`,
      });
      return { state: 'attached', filename };
    } catch (error) {
      this.logFailure('files.uploadV2', error);
      return { state: 'failed', filename, reason: errorText(error) };
    }
  }

  /** Reading a customer's devices takes the same right as running on them: the approver policy. */
  private async authorise(userId: string, hosts: readonly { customer?: string }[]): Promise<void> {
    const customers = [...new Set(hosts.map((h) => h.customer ?? ''))];
    const groups = await this.deps.directory.groupsOf(userId, listPolicyGroups(this.deps.policy));
    const refused = customers.filter((c) => !isAllowedOperator(this.deps.policy, c, { id: userId, groups }));
    if (refused.length > 0)
      throw new WarroomError(
        'not_authorised',
        `you may not collect from the devices of ${refused.map((c) => c || 'hosts outside the inventory').join(', ')}`,
      );
  }

  private describe(error: unknown): string {
    if (isWarroomError(error) && error.code !== 'internal') return renderSlackError(error);
    const reference = `err-${randomUUID().slice(0, 8)}`;
    this.deps.logger.error(`slack: collect failed (reference ${reference})`, error);
    return renderSlackError(error, reference);
  }

  private logFailure(what: string, error: unknown): void {
    this.deps.logger.error(`slack: collect: ${what} failed: ${errorText(error)}`);
  }
}

export const COLLECT_USAGE =
  'Usage: `/warroom collect (--hosts H,H | --window ID | --tag T) -c "show version" [-c "..."] [--raw] [--concurrency N]`';

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/** `20261205T200000Z`: sortable, and safe in a file name. */
function fileStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
