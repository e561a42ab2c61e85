/**
 * `/warroom collect`'s summary: one row per host (ok or failed, and the facts a person looks for first:
 * version, uptime, interfaces up and down, BGP neighbours established, flash free), the failed hosts with
 * their error, and where the full records are (the JSON lines file in the thread). Large fleets: the
 * first rows and "and K more"; the file has every host. Facts are found by the shape of the parsed
 * result, so any spelling of the command (`sh ver`) fills its column. Pure.
 */
import type { HostFacts } from '../../collect/index.js';
import { redact } from '../../core/redact.js';
import { codeBlock, escapeText, section, truncate, SLACK_LIMITS, type SlackMessage } from './limits.js';

/** Rows in the table; about 80 characters each keeps it inside one section. */
export const COLLECT_TABLE_ROWS = 30;
/** Failed hosts explained one by one; the rest are counted. */
const FAILED_LINES = 10;
const HOST_WIDTH = 32;

/** Where the JSON lines file stands: being attached, attached, or not (and why). */
export type CollectFileState =
  | { state: 'attaching'; filename: string }
  | { state: 'attached'; filename: string }
  | { state: 'failed'; filename: string; reason: string };

export interface CollectSummary {
  records: readonly HostFacts[];
  /** Hosts selected (an interrupted collect has fewer records). */
  chosen: number;
  commands: readonly string[];
  elapsedMs: number;
  /** Slack user id of who asked. */
  by: string;
  file: CollectFileState;
  /** Rows shown (default COLLECT_TABLE_ROWS). */
  rowLimit?: number;
}

interface Column {
  title: string;
  cell(record: HostFacts): string | undefined;
}

const COLUMNS: readonly Column[] = [
  { title: 'VERSION', cell: (r) => find(r, isVersion)?.version },
  {
    title: 'UPTIME',
    cell: (r) => {
      const v = find(r, isVersion);
      return v && (v.uptimeSeconds !== undefined ? compactDuration(v.uptimeSeconds) : v.uptime);
    },
  },
  {
    title: 'INTF UP/DOWN',
    cell: (r) => {
      const brief = find(r, isInterfaceBrief);
      if (!brief) return undefined;
      const up = brief.interfaces.filter((i) => i.status === 'up' && i.protocol.startsWith('up')).length;
      const down = brief.interfaces.filter(
        (i) => !(i.status === 'up' && i.protocol.startsWith('up')) && i.status !== 'administratively down',
      ).length;
      return `${up}/${down}`;
    },
  },
  {
    title: 'BGP EST/ALL',
    cell: (r) => {
      const bgp = find(r, isBgpSummary);
      if (!bgp) return undefined;
      if (!bgp.active) return 'off';
      return `${bgp.neighbors.filter((n) => n.state === 'Established').length}/${bgp.neighbors.length}`;
    },
  },
  {
    title: 'FLASH FREE',
    cell: (r) => {
      const free = find(r, isDirListing)?.freeBytes;
      return free === undefined ? undefined : compactBytes(free);
    },
  },
];

export function renderCollectSummary(input: CollectSummary): SlackMessage {
  const { records } = input;
  const failed = records.filter((r) => !r.ok);
  const ok = records.length - failed.length;
  const seconds = (input.elapsedMs / 1000).toFixed(1);
  const notStarted = input.chosen - records.length;
  const headline =
    `${failed.length ? ':warning:' : ':white_check_mark:'} *collect* by <@${escapeText(input.by)}>: ` +
    `${ok} of ${input.chosen} host(s) ok in ${seconds} s` +
    (notStarted > 0 ? `, ${notStarted} not started (interrupted)` : '');
  const commands = truncate(
    input.commands.map((c) => `\`${escapeText(c.replace(/`/g, "'"))}\``).join(', '),
    1000,
  );
  const blocks: SlackMessage['blocks'] = [section(`${headline}\n${commands}`)];
  if (records.length > 0) blocks.push(section(codeBlock(renderTable(records, input.rowLimit))));
  if (failed.length > 0) blocks.push(section(renderFailed(failed)));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: describeFile(input.file) }] });
  return { text: `collect: ${ok} of ${input.chosen} host(s) ok in ${seconds} s`, blocks };
}

/** The table as text, first `limit` rows and a line for the rest. */
export function renderTable(records: readonly HostFacts[], limit = COLLECT_TABLE_ROWS): string {
  const shown = records.slice(0, Math.max(0, limit));
  const columns = COLUMNS.filter((c) => records.some((r) => c.cell(r) !== undefined));
  const rows = [
    ['HOST', 'STATUS', ...columns.map((c) => c.title)],
    ...shown.map((r) => [
      truncate(r.host, HOST_WIDTH, '…'),
      r.ok ? 'ok' : 'FAILED',
      ...columns.map((c) => truncate(c.cell(r) ?? '-', 24, '…')),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  const more = records.length - shown.length;
  if (more > 0) {
    const moreFailed = records.slice(shown.length).filter((r) => !r.ok).length;
    lines.push(
      `… and ${more} more host(s)${moreFailed ? ` (${moreFailed} failed)` : ''}: every host is in the file`,
    );
  }
  return lines.join('\n');
}

function renderFailed(failed: readonly HostFacts[]): string {
  const lines = failed.slice(0, FAILED_LINES).map((r) => {
    const error = r.error;
    const what = error
      ? `*${escapeText(error.code)}*${error.command ? ` (\`${escapeText(truncate(error.command, 80))}\`)` : ''}: ${escapeText(truncate(error.message, 200))}`
      : 'failed';
    return `• \`${escapeText(truncate(r.host, HOST_WIDTH, '…'))}\` ${what}`;
  });
  if (failed.length > FAILED_LINES) lines.push(`… and ${failed.length - FAILED_LINES} more failed host(s)`);
  // Errors are redacted when recorded; this is the message leaving the building, so once more.
  return truncate(redact(`*Failed*\n${lines.join('\n')}`), SLACK_LIMITS.sectionText);
}

function describeFile(file: CollectFileState): string {
  const name = `\`${escapeText(file.filename)}\``;
  switch (file.state) {
    case 'attaching':
      return `:hourglass_flowing_sand: attaching every host's record (JSON lines) in this thread as ${name}…`;
    case 'attached':
      return `:paperclip: every host's record (JSON lines, parsed) is in this thread: ${name}`;
    case 'failed':
      return truncate(
        redact(
          `:warning: the JSON lines file ${name} could not be attached (${escapeText(file.reason)}); the table above is all Slack has: run \`warroom collect\` in a terminal for the full records`,
        ),
        SLACK_LIMITS.sectionText,
      );
  }
}

/** The first parsed result of this shape, whatever command produced it. */
function find<T>(record: HostFacts, is: (value: unknown) => value is T): T | undefined {
  for (const value of Object.values(record.results)) if (is(value)) return value;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isVersion(value: unknown): value is { version: string; uptime: string; uptimeSeconds?: number } {
  return isObject(value) && typeof value.version === 'string' && typeof value.uptime === 'string';
}

function isInterfaceBrief(value: unknown): value is { interfaces: { status: string; protocol: string }[] } {
  return (
    isObject(value) &&
    Array.isArray(value.interfaces) &&
    value.interfaces.every(
      (i) => isObject(i) && typeof i.status === 'string' && typeof i.protocol === 'string',
    )
  );
}

function isBgpSummary(value: unknown): value is { active: boolean; neighbors: { state: string }[] } {
  return (
    isObject(value) &&
    typeof value.active === 'boolean' &&
    Array.isArray(value.neighbors) &&
    value.neighbors.every((n) => isObject(n) && typeof n.state === 'string')
  );
}

function isDirListing(value: unknown): value is { files: unknown[]; freeBytes?: number } {
  return isObject(value) && Array.isArray(value.files) && 'freeBytes' in value;
}

/** `3w2d`, `5d4h`, `4h12m`, `12m`: the shape IOS prints in its own tables. */
export function compactDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  const w = Math.floor(d / 7);
  if (w > 0) return `${w}w${d % 7}d`;
  if (d > 0) return `${d}d${h % 24}h`;
  if (h > 0) return `${h}h${m % 60}m`;
  return `${m}m`;
}

function compactBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
