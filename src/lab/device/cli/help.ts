/**
 * Context help: what IOS prints when `?` is typed. After a space it lists the next words with a line of
 * help each (`show ?`), and `<cr>` when the line is already a command; right after a word it completes
 * that word (`sh?` -> `show`). A word that matches nothing gets the caret, as on a real device.
 */
import type { GrammarNode } from './grammar.js';
import { tokenize } from './grammar.js';

/** One line of help per keyword; a keyword missing here gets a generic line. */
const DESCRIPTIONS: Record<string, string> = {
  all: 'Show all information',
  arp: 'ARP table',
  bgp: 'BGP information',
  boot: 'show boot attributes',
  bootflash: 'display information about bootflash: file system',
  bootvar: 'Boot and related environment variable',
  brief: 'Brief summary of IP status and configuration',
  cdp: 'CDP information',
  clock: 'Display the system clock',
  configure: 'Enter configuration mode',
  copy: 'Copy from one file to another',
  delete: 'Delete a file',
  detail: 'Show detailed information',
  dir: 'List files on a filesystem',
  disable: 'Turn off privileged commands',
  enable: 'Turn on privileged commands',
  environment: 'Environmental monitoring',
  exit: 'Exit from the EXEC',
  flash: 'display information about flash: file system',
  install: 'install commands',
  interface: 'IP interface status and configuration',
  interfaces: 'Interface status and configuration',
  inventory: 'Show the physical inventory',
  ipv6: 'IPv6 information',
  ip: 'IP information',
  license: 'Show license information',
  lldp: 'LLDP information',
  logging: 'Show the contents of logging buffers',
  logout: 'Exit from the EXEC',
  memory: 'Memory statistics',
  module: 'Show linecard information',
  neighbors: 'Show neighbors information',
  ospf: 'OSPF information',
  ping: 'Send echo messages',
  platform: 'Show platform information',
  privilege: 'Show current privilege level',
  processes: 'Active process statistics',
  redundancy: 'Redundancy Facility (RF) information',
  reload: 'Halt and perform a cold restart',
  route: 'IP routing table',
  'running-config': 'Current operating configuration',
  show: 'Show running system information',
  'spanning-tree': 'Spanning tree topology',
  ssh: 'Information on SSH',
  standby: 'HSRP information',
  'startup-config': 'Contents of startup configuration',
  statistics: 'Memory statistics',
  summary: 'Summary information',
  switch: 'show switch information',
  terminal: 'Set terminal line parameters',
  users: 'Display information about terminal lines',
  verify: 'Verify a file',
  version: 'System hardware and software status',
  virtual: 'Display StackWise Virtual information',
  vlan: 'VTP VLAN status',
  write: 'Write running configuration to memory, network, or terminal',
};

const ARG_HELP: Record<string, string> = { word: 'WORD', number: '<0-4294967295>', line: 'LINE' };

function describe<H>(node: GrammarNode<H>): [string, string] {
  if (node.keyword !== undefined)
    return [
      node.keyword,
      DESCRIPTIONS[node.keyword] ?? `${node.keyword[0]!.toUpperCase()}${node.keyword.slice(1)} commands`,
    ];
  const kind = node.arg?.kind ?? 'word';
  return [ARG_HELP[kind] ?? 'WORD', node.arg?.name ?? ''];
}

function caret(promptLength: number, position: number): string {
  return `${' '.repeat(promptLength + position)}^\n% Invalid input detected at '^' marker.\n\n`;
}

/**
 * The help IOS prints for `line` (the text before `?`) in a mode whose commands are `roots`. `promptLength`
 * places the caret under an invalid word.
 */
export function renderContextHelp<H>(
  roots: readonly GrammarNode<H>[],
  line: string,
  promptLength: number,
): string {
  const tokens = tokenize(line);
  const completing = line.length > 0 && !/\s$/.test(line);
  const walked = completing ? tokens.slice(0, -1) : tokens;
  let children: readonly GrammarNode<H>[] = roots;
  let current: GrammarNode<H> | undefined;
  for (const tok of walked) {
    const lower = tok.text.toLowerCase();
    const literals = children.filter((c) => c.keyword !== undefined);
    const exact = literals.find((c) => c.keyword === lower);
    const candidates = exact ? [exact] : literals.filter((c) => c.keyword!.startsWith(lower));
    if (candidates.length > 1) return `% Ambiguous command: "${line.trim()}"\n`;
    const next =
      candidates[0] ?? children.find((c) => c.arg && (c.arg.kind !== 'number' || /^\d+$/.test(tok.text)));
    if (!next) return caret(promptLength, tok.start);
    // A `line` argument swallows the rest: nothing more to list.
    if (next.arg?.kind === 'line') return '  <cr>  <cr>\n\n';
    current = next;
    children = next.children ?? [];
  }
  if (completing) {
    const partial = tokens[tokens.length - 1]!;
    const words = children
      .filter((c) => c.keyword?.startsWith(partial.text.toLowerCase()))
      .map((c) => c.keyword!);
    if (words.length === 0) return caret(promptLength, partial.start);
    return `${words.map((w) => `${w}  `).join('')}\n\n`;
  }
  const rows = children.map(describe).sort(([a], [b]) => a.localeCompare(b));
  if (current?.run !== undefined) rows.push(['<cr>', '<cr>']);
  if (current?.run !== undefined && tokens[0] && 'show'.startsWith(tokens[0].text.toLowerCase()))
    rows.push(['|', 'Output modifiers']);
  const width = Math.max(0, ...rows.map(([w]) => w.length));
  return rows.map(([w, d]) => `  ${w.padEnd(width)}  ${d}`).join('\n') + '\n\n';
}
