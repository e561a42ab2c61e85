/**
 * One line in, one command run: picks the table for the mode, matches with abbreviations, applies output
 * filters (`| include`), the per-command latency, and the drop_mid_command fault.
 */
import type { CliMode, CommandContext, CommandIo, Handler, SessionControl } from './command-context.js';
import { matchCommand, renderRefusal, tokenize, type GrammarNode, type MatchResult } from './grammar.js';
import { privilegedRoots, userRoots } from './exec-commands.js';
import { configRoots, interfaceRoots, lineRoots, routerRoots } from './config-commands.js';
import type { DeviceRuntime } from '../runtime.js';
import { renderContextHelp } from './help.js';

type Node = GrammarNode<Handler>;

/** Thrown by output when drop_mid_command fires: the session must close at once. */
export class SessionDropError extends Error {
  constructor() {
    super('session dropped by the lab (drop_mid_command)');
    this.name = 'SessionDropError';
  }
}

let tables:
  Record<'user' | 'exec' | 'config' | 'config-if' | 'config-router' | 'config-line', Node[]> | undefined;

function tablesFor(mode: CliMode): Node[] {
  tables ??= {
    user: userRoots(),
    exec: privilegedRoots(),
    config: configRoots(),
    'config-if': interfaceRoots(),
    'config-router': routerRoots(),
    'config-line': lineRoots(),
  };
  switch (mode) {
    case 'user':
    case 'exec':
    case 'config':
    case 'config-if':
    case 'config-router':
    case 'config-line':
      return tables[mode];
    default:
      return tables['config-line'];
  }
}

const FILTERS = ['begin', 'count', 'exclude', 'include', 'section'] as const;
type Filter = { kind: (typeof FILTERS)[number]; pattern: string };

/** Splits `show x | include y` into the command and its filter; undefined filter when absent. */
function splitFilter(line: string): { command: string; filter?: Filter; refusal?: number } {
  const bar = line.indexOf('|');
  if (bar < 0) return { command: line };
  const command = line.slice(0, bar);
  const rest = line.slice(bar + 1);
  const tokens = tokenize(rest);
  const first = tokens[0];
  if (!first) return { command, refusal: line.length };
  const kinds = FILTERS.filter((f) => f.startsWith(first.text.toLowerCase()));
  if (kinds.length !== 1) return { command, refusal: bar + 1 + first.start };
  const pattern = rest.slice(first.start + first.text.length).trim();
  if (!pattern && kinds[0] !== 'count') return { command, refusal: line.length };
  return { command, filter: { kind: kinds[0] as Filter['kind'], pattern } };
}

function applyFilter(text: string, filter: Filter): string {
  let re: RegExp;
  try {
    re = new RegExp(filter.pattern);
  } catch {
    return '';
  }
  const lines = text.replace(/\n$/, '').split('\n');
  switch (filter.kind) {
    case 'include':
      return lines
        .filter((l) => re.test(l))
        .map((l) => `${l}\n`)
        .join('');
    case 'exclude':
      return lines
        .filter((l) => !re.test(l))
        .map((l) => `${l}\n`)
        .join('');
    case 'begin': {
      const i = lines.findIndex((l) => re.test(l));
      return i < 0
        ? ''
        : lines
            .slice(i)
            .map((l) => `${l}\n`)
            .join('');
    }
    case 'count':
      return `Number of lines which match regexp = ${lines.filter((l) => re.test(l)).length}\n`;
    case 'section': {
      const out: string[] = [];
      let inside = false;
      for (const l of lines) {
        if (!l.startsWith(' ')) inside = re.test(l);
        if (inside || re.test(l)) out.push(l);
      }
      return out.map((l) => `${l}\n`).join('');
    }
  }
}

/** What `?` prints after `text` in the session's mode (`do` reaches the exec commands from config). */
export function contextHelp(session: SessionControl, text: string): string {
  const exec = session.mode.startsWith('config') && /^\s*do\s/i.test(text);
  const line = exec ? text.replace(/^\s*do\s+/i, '') : text;
  const promptLength = session.prompt().length + (text.length - line.length);
  return renderContextHelp(tablesFor(exec ? 'exec' : session.mode), line, promptLength);
}

function matches(prefix: string | undefined, line: string, words: string[]): boolean {
  if (!prefix) return true;
  const want = prefix.trim().toLowerCase().replace(/\s+/g, ' ');
  return (
    line.trim().toLowerCase().replace(/\s+/g, ' ').startsWith(want) ||
    words.join(' ').toLowerCase().startsWith(want)
  );
}

/** Commands whose output goes through ` --More-- `. */
const PAGED = new Set(['show', 'dir', 'write', 'more']);

/** Device time one command takes before it answers, before slow_device stretches it. */
export const COMMAND_LATENCY_MS = 40;

export async function dispatchLine(
  rt: DeviceRuntime,
  session: SessionControl,
  io: CommandIo,
  rawLine: string,
): Promise<void> {
  let line = rawLine;
  let mode = session.mode;
  // `do` runs an exec command from config mode.
  if (mode.startsWith('config') && /^\s*do\s+\S/i.test(line)) {
    line = line.replace(/^\s*do\s+/i, '');
    mode = 'exec';
  }
  // `show ?` sent as one line (an exec request, or a client that does not type `?` on its own).
  if (/\?\s*$/.test(line)) {
    await io.write(contextHelp(session, rawLine.replace(/\?\s*$/, '')));
    return;
  }
  const { command, filter, refusal } = splitFilter(line);
  const promptLength = session.prompt().length + (rawLine.length - line.length);
  if (refusal !== undefined) {
    await io.write(renderRefusal({ kind: 'invalid', position: refusal }, line, promptLength));
    io.fail();
    return;
  }
  let result: MatchResult<Handler> = matchCommand(tablesFor(mode), command);
  // A global config command typed in a sub-mode leaves the sub-mode (IOS does the same).
  if (
    mode !== 'config' &&
    mode.startsWith('config') &&
    result.kind === 'invalid' &&
    result.position === firstWordAt(command)
  ) {
    const global = matchCommand(tablesFor('config'), command);
    if (global.kind === 'ok') {
      session.mode = 'config';
      session.target = undefined;
      result = global;
    }
  }
  if (result.kind === 'incomplete' && /^\s*sh(?:o(?:w)?)?\s*$/i.test(command)) {
    await io.write('% Type "show ?" for a list of subcommands\n\n');
    io.fail();
    return;
  }
  if (result.kind !== 'ok') {
    await io.write(renderRefusal(result, command, promptLength));
    io.fail();
    return;
  }
  // IOS pages what a command displays, not the progress of an operation.
  if (!PAGED.has(result.words[0] ?? '')) io.unpaged?.();
  const slow = rt.faults.fire('slow_device');
  await rt.sleep(COMMAND_LATENCY_MS * (slow?.factor ?? 1), io.signal);
  const words = result.words;
  const drop = rt.faults.fire('drop_mid_command', (f) => matches(f.command, line, words));
  let out = io;
  let collected = '';
  if (filter) {
    out = { ...io, write: async (text) => void (collected += text) };
  }
  if (drop) out = droppingIo(out);
  const ctx: CommandContext = {
    rt,
    io: out,
    session: mode === session.mode ? session : withMode(session, mode),
    args: result.args,
    line: command,
    words: result.words,
  };
  await result.run(ctx);
  if (filter) await (drop ? droppingIo(io) : io).write(applyFilter(collected, filter));
  if (drop) throw new SessionDropError();
}

function firstWordAt(line: string): number {
  return tokenize(line)[0]?.start ?? 0;
}

/** A session view in another mode (for `do`), sharing everything else. */
function withMode(session: SessionControl, mode: CliMode): SessionControl {
  return new Proxy(session, {
    get(target, prop, receiver) {
      if (prop === 'mode') return mode;
      return Reflect.get(target, prop, receiver) as unknown;
    },
    set(target, prop, value, receiver) {
      if (prop === 'mode') return true;
      return Reflect.set(target, prop, value, receiver);
    },
  });
}

/** Writes the first half of the first output, then drops the session. */
function droppingIo(io: CommandIo): CommandIo {
  return {
    ...io,
    write: async (text) => {
      const lines = text.split('\n');
      const half = lines.slice(0, Math.max(1, Math.floor(lines.length / 2))).join('\n');
      await io.write(half);
      throw new SessionDropError();
    },
  };
}
