/**
 * Which parser reads which command, as an operator would type it on a device: every keyword may be
 * abbreviated (`sh ip int br`, `sh bgp all summ`), arguments are free (`dir bootflash:`), and an output
 * filter (`| include ...`) is ignored for matching.
 */
import { parseDir } from './dir.js';
import { parseShowBgpSummary } from './show-bgp-summary.js';
import { parseShowBoot } from './show-boot.js';
import { parseShowClock } from './show-clock.js';
import { parseShowInventory } from './show-inventory.js';
import { parseShowLogging } from './show-logging.js';
import { parseShowPlatform } from './show-platform.js';
import { parseShowProcessesCpu } from './show-processes-cpu.js';
import { parseShowRedundancy } from './show-redundancy.js';
import { parseShowSwitch } from './show-switch.js';
import { parseShowInstall } from './show-install.js';
import { parseShowIpInterfaceBrief } from './show-ip-interface-brief.js';
import { parseShowVersion } from './show-version.js';
import { parseVerifyMd5 } from './verify-md5.js';

/** One element of a command pattern. */
type Token =
  | string
  | { optional: string }
  | { oneOf: readonly string[]; optional?: boolean }
  | { arg: RegExp; optional?: boolean }
  /** Any number of words (zero or more), e.g. `vpnv4 unicast vrf X` before `summary`. */
  | { any: true };

export interface CommandParser {
  /** The canonical command, e.g. `show ip interface brief`. */
  command: string;
  /** Every form this parser reads, for help text: `show [ip] bgp [...] summary`. */
  forms: string;
  parse(text: string): unknown;
}

interface Entry extends CommandParser {
  pattern: readonly Token[];
}

const any = { any: true } as const;

const ENTRIES: readonly Entry[] = [
  { command: 'show version', forms: 'show version', pattern: ['show', 'version'], parse: parseShowVersion },
  {
    command: 'show ip interface brief',
    forms: 'show ip interface brief',
    pattern: ['show', 'ip', 'interface', 'brief'],
    parse: parseShowIpInterfaceBrief,
  },
  {
    command: 'show bgp summary',
    forms: 'show [ip] bgp [all | <afi> <safi> [vrf <name> | rd <rd>]] summary',
    pattern: ['show', { optional: 'ip' }, 'bgp', any, 'summary'],
    parse: parseShowBgpSummary,
  },
  {
    command: 'dir',
    forms: 'dir [<filesystem>:]',
    pattern: ['dir', { arg: /:/, optional: true }],
    parse: parseDir,
  },
  {
    command: 'show install summary',
    forms: 'show install summary | state | committed | uncommitted | inactive | active',
    pattern: [
      'show',
      'install',
      { oneOf: ['summary', 'state', 'committed', 'uncommitted', 'inactive', 'active'] },
    ],
    parse: parseShowInstall,
  },
  {
    command: 'show boot',
    forms: 'show boot | show bootvar',
    pattern: ['show', { oneOf: ['boot', 'bootvar'] }],
    parse: parseShowBoot,
  },
  {
    command: 'show redundancy',
    forms: 'show redundancy [states]',
    pattern: ['show', 'redundancy', { oneOf: ['states'], optional: true }],
    parse: parseShowRedundancy,
  },
  {
    command: 'show switch',
    forms: 'show switch [detail]',
    pattern: ['show', 'switch', { oneOf: ['detail'], optional: true }],
    parse: parseShowSwitch,
  },
  {
    command: 'show inventory',
    forms: 'show inventory',
    pattern: ['show', 'inventory'],
    parse: parseShowInventory,
  },
  {
    command: 'show processes cpu',
    forms: 'show processes cpu [sorted [5sec | 1min | 5min]]',
    pattern: [
      'show',
      'processes',
      'cpu',
      { oneOf: ['sorted'], optional: true },
      { oneOf: ['5sec', '1min', '5min'], optional: true },
    ],
    parse: parseShowProcessesCpu,
  },
  {
    command: 'show platform',
    forms: 'show platform',
    pattern: ['show', 'platform'],
    parse: parseShowPlatform,
  },
  { command: 'show logging', forms: 'show logging', pattern: ['show', 'logging'], parse: parseShowLogging },
  { command: 'show clock', forms: 'show clock', pattern: ['show', 'clock'], parse: parseShowClock },
  {
    command: 'verify /md5',
    forms: 'verify /md5 <filesystem>:<file> [<md5>]',
    pattern: ['verify', '/md5', { arg: /:/ }, { arg: /^[0-9a-f]{32}$/i, optional: true }],
    parse: parseVerifyMd5,
  },
];

/** Every parser, in the order `warroom parse` lists them. */
export const COMMAND_PARSERS: readonly CommandParser[] = ENTRIES.map(({ command, forms, parse }) => ({
  command,
  forms,
  parse,
}));

/**
 * The parser for a command as typed on a device, or undefined when none reads it or the abbreviation is
 * ambiguous between parsers.
 */
export function findParser(command: string): CommandParser | undefined {
  const words = command.split('|')[0]!.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const found = new Set<Entry>(ENTRIES.filter((entry) => matches(entry.pattern, words)));
  if (found.size !== 1) return undefined;
  const [entry] = found;
  return entry && COMMAND_PARSERS[ENTRIES.indexOf(entry)];
}

/** A typed word abbreviates a keyword when it is a prefix of at least two letters (or the whole keyword). */
function abbreviates(word: string, keyword: string): boolean {
  const w = word.toLowerCase();
  return keyword.startsWith(w) && (w.length >= 2 || w === keyword);
}

function matches(pattern: readonly Token[], words: readonly string[]): boolean {
  if (pattern.length === 0) return words.length === 0;
  const [token, ...rest] = pattern as [Token, ...Token[]];
  const word = words[0];
  if (typeof token === 'string')
    return word !== undefined && abbreviates(word, token) && matches(rest, words.slice(1));
  if ('any' in token) {
    for (let n = 0; n <= words.length; n += 1) if (matches(rest, words.slice(n))) return true;
    return false;
  }
  const skip = (): boolean => matches(rest, words);
  if ('optional' in token && typeof token.optional === 'string') {
    return (
      (word !== undefined && abbreviates(word, token.optional) && matches(rest, words.slice(1))) || skip()
    );
  }
  if ('oneOf' in token) {
    const hit =
      word !== undefined && token.oneOf.some((k) => abbreviates(word, k)) && matches(rest, words.slice(1));
    return hit || (token.optional === true && skip());
  }
  const hit = word !== undefined && token.arg.test(word) && matches(rest, words.slice(1));
  return hit || (token.optional === true && skip());
}
