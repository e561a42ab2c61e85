/**
 * Command grammar as a tree of keywords and arguments, matched word by word with IOS's unique-prefix
 * abbreviations (`sh ip int br`), and the three ways IOS refuses a line: invalid input (with the caret
 * position), ambiguous, incomplete.
 */

export type ArgKind = 'word' | 'number' | 'line';

export interface GrammarNode<H> {
  keyword?: string;
  arg?: { name: string; kind: ArgKind };
  children?: GrammarNode<H>[];
  /** Present when the words so far form a complete command. */
  run?: H;
}

export type MatchResult<H> =
  | { kind: 'ok'; run: H; args: Record<string, string>; words: string[] }
  | { kind: 'invalid'; position: number }
  | { kind: 'ambiguous' }
  | { kind: 'incomplete' };

export interface Token {
  text: string;
  start: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) tokens.push({ text: m[0], start: m.index });
  return tokens;
}

/** Matches a line against the grammar's top-level nodes. */
export function matchCommand<H>(roots: readonly GrammarNode<H>[], line: string): MatchResult<H> {
  const tokens = tokenize(line);
  let children: readonly GrammarNode<H>[] = roots;
  let current: GrammarNode<H> | undefined;
  const args: Record<string, string> = {};
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const lower = tok.text.toLowerCase();
    const literals = children.filter((c) => c.keyword !== undefined);
    const exact = literals.find((c) => c.keyword === lower);
    const candidates = exact ? [exact] : literals.filter((c) => (c.keyword as string).startsWith(lower));
    if (candidates.length === 1) {
      current = candidates[0] as GrammarNode<H>;
      words.push(current.keyword as string);
      children = current.children ?? [];
      continue;
    }
    if (candidates.length > 1) return { kind: 'ambiguous' };
    const argNode = children.find((c) => c.arg && (c.arg.kind !== 'number' || /^\d+$/.test(tok.text)));
    if (!argNode?.arg) return { kind: 'invalid', position: tok.start };
    current = argNode;
    if (argNode.arg.kind === 'line') {
      const rest = line.slice(tok.start).trimEnd();
      args[argNode.arg.name] = rest;
      words.push(rest);
      break;
    }
    args[argNode.arg.name] = tok.text;
    words.push(tok.text);
    children = argNode.children ?? [];
  }
  if (!current) return { kind: 'incomplete' };
  if (current.run === undefined) return { kind: 'incomplete' };
  return { kind: 'ok', run: current.run, args, words };
}

/** What IOS prints for a refused line; `promptLength` places the caret under the typed text. */
export function renderRefusal(
  result: Exclude<MatchResult<unknown>, { kind: 'ok' }>,
  line: string,
  promptLength: number,
): string {
  switch (result.kind) {
    case 'invalid':
      return `${' '.repeat(promptLength + result.position)}^\n% Invalid input detected at '^' marker.\n\n`;
    case 'ambiguous':
      return `% Ambiguous command:  "${line.trim()}"\n`;
    case 'incomplete':
      return '% Incomplete command.\n\n';
  }
}

/** Small builders so command tables read like the CLI. */
export function kw<H>(keyword: string, ...rest: (GrammarNode<H> | H)[]): GrammarNode<H> {
  return withParts({ keyword }, rest);
}

export function arg<H>(name: string, kind: ArgKind, ...rest: (GrammarNode<H> | H)[]): GrammarNode<H> {
  return withParts({ arg: { name, kind } }, rest);
}

function isNode<H>(value: GrammarNode<H> | H): value is GrammarNode<H> {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('keyword' in value || 'arg' in value) &&
    !(typeof value === 'function')
  );
}

function withParts<H>(node: GrammarNode<H>, parts: (GrammarNode<H> | H)[]): GrammarNode<H> {
  const children: GrammarNode<H>[] = [];
  for (const p of parts) {
    if (isNode(p)) children.push(p);
    else node.run = p;
  }
  if (children.length) node.children = children;
  return node;
}
