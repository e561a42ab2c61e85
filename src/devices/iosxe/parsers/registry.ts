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
import { parseShowInterfaces } from './show-interfaces.js';
import { parseShowIpRoute } from './show-ip-route.js';
import { parseShowIpRouteSummary } from './show-ip-route-summary.js';
import { parseShowCdpNeighborsDetail } from './show-cdp-neighbors-detail.js';
import { parseShowLldpNeighborsDetail } from './show-lldp-neighbors-detail.js';
import { parseShowStandby } from './show-standby.js';
import { parseShowIpOspfNeighbor } from './show-ip-ospf-neighbor.js';
import { parseShowEnvironment } from './show-environment.js';
import { parseShowModule } from './show-module.js';
import { parseShowSwitchVirtual } from './show-switch-virtual.js';
import { parseShowVlanBrief } from './show-vlan-brief.js';
import { parseShowSpanningTreeSummary } from './show-spanning-tree-summary.js';
import { parseShowLicenseSummary } from './show-license-summary.js';
import { parseShowMemoryStatistics } from './show-memory-statistics.js';

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
  /** Other word orders the same parser reads (`show ip route vrf X` besides `show ip route`). */
  alternatives?: readonly (readonly Token[])[];
}

const any = { any: true } as const;
/** An interface name as typed: `GigabitEthernet1/0/1`, `Gi1/0/1`, `Vlan10`, `Po1`. */
const interfaceName = { arg: /^[A-Za-z][A-Za-z-]*\d[\d/.:]*$/ } as const;
/** A VRF name after the `vrf` keyword (`*` for every VRF). */
const vrfName = { arg: /^[\w*.-]+$/ } as const;

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
    command: 'show interfaces',
    forms: 'show interfaces [<interface>]',
    pattern: ['show', 'interfaces', { ...interfaceName, optional: true }],
    parse: parseShowInterfaces,
  },
  {
    command: 'show ip route',
    forms: 'show ip route [vrf <name>]',
    pattern: ['show', 'ip', 'route'],
    alternatives: [['show', 'ip', 'route', 'vrf', vrfName]],
    parse: parseShowIpRoute,
  },
  {
    command: 'show ip route summary',
    forms: 'show ip route [vrf <name>] summary',
    pattern: ['show', 'ip', 'route', 'summary'],
    alternatives: [['show', 'ip', 'route', 'vrf', vrfName, 'summary']],
    parse: parseShowIpRouteSummary,
  },
  {
    command: 'show cdp neighbors detail',
    forms: 'show cdp neighbors detail',
    pattern: ['show', 'cdp', 'neighbors', 'detail'],
    parse: parseShowCdpNeighborsDetail,
  },
  {
    command: 'show lldp neighbors detail',
    forms: 'show lldp neighbors detail',
    pattern: ['show', 'lldp', 'neighbors', 'detail'],
    parse: parseShowLldpNeighborsDetail,
  },
  { command: 'show standby', forms: 'show standby', pattern: ['show', 'standby'], parse: parseShowStandby },
  {
    command: 'show ip ospf neighbor',
    forms: 'show ip ospf neighbor',
    pattern: ['show', 'ip', 'ospf', 'neighbor'],
    parse: parseShowIpOspfNeighbor,
  },
  {
    command: 'show environment',
    forms: 'show environment [all | power all | temperature | fan]',
    pattern: ['show', 'environment', { oneOf: ['all', 'temperature', 'fan'], optional: true }],
    alternatives: [['show', 'environment', 'power', { oneOf: ['all'], optional: true }]],
    parse: parseShowEnvironment,
  },
  { command: 'show module', forms: 'show module', pattern: ['show', 'module'], parse: parseShowModule },
  {
    command: 'show switch virtual',
    forms: 'show switch virtual',
    pattern: ['show', 'switch', 'virtual'],
    parse: parseShowSwitchVirtual,
  },
  {
    command: 'show vlan brief',
    forms: 'show vlan brief',
    pattern: ['show', 'vlan', 'brief'],
    parse: parseShowVlanBrief,
  },
  {
    command: 'show spanning-tree summary',
    forms: 'show spanning-tree summary',
    pattern: ['show', 'spanning-tree', 'summary'],
    parse: parseShowSpanningTreeSummary,
  },
  {
    command: 'show license summary',
    forms: 'show license summary',
    pattern: ['show', 'license', 'summary'],
    parse: parseShowLicenseSummary,
  },
  {
    command: 'show memory statistics',
    forms: 'show memory statistics',
    pattern: ['show', 'memory', 'statistics'],
    parse: parseShowMemoryStatistics,
  },
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
  const found = new Set<Entry>(
    ENTRIES.filter((entry) => [entry.pattern, ...(entry.alternatives ?? [])].some((p) => matches(p, words))),
  );
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
