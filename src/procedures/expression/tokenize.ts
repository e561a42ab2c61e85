import { ExpressionError } from './expression-error.js';

export type Token =
  | { type: 'number'; value: number; pos: number; end: number }
  | { type: 'string'; value: string; pos: number; end: number }
  | { type: 'name'; path: string[]; pos: number; end: number }
  | { type: 'keyword'; value: 'and' | 'or' | 'not' | 'in' | 'true' | 'false' | 'null'; pos: number; end: number }
  | { type: 'op'; value: string; pos: number; end: number }
  | { type: 'eof'; pos: number; end: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
/** Size suffixes are binary, as IOS `dir` reports flash: 1KB = 1024 bytes. */
const SIZE_SUFFIX: Record<string, number> = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ','];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
/** After a dot a segment may start with a digit and contain `-`, so step ids such as `pre-check` read as names. */
const isSegmentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_-]/.test(c);

/** Splits an expression into tokens; throws ExpressionError pointing at the offending character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      while (isDigit(source[i])) i++;
      if (source[i] === '.' && isDigit(source[i + 1])) {
        i++;
        while (isDigit(source[i])) i++;
      }
      let value = Number(source.slice(start, i));
      const suffix = /^\s*(KB|MB|GB|TB)\b/.exec(source.slice(i));
      if (suffix) {
        value *= SIZE_SUFFIX[suffix[1]!]!;
        i += suffix[0].length;
      }
      if (isIdentPart(source[i]))
        throw new ExpressionError(`unexpected '${source[i]}' after a number`, source, i);
      tokens.push({ type: 'number', value, pos: start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        const ch = source[i];
        if (ch === undefined) throw new ExpressionError('unterminated string', source, start);
        if (ch === c) break;
        if (ch === '\\') {
          const next = source[i + 1];
          if (next === undefined) throw new ExpressionError('unterminated string', source, start);
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      tokens.push({ type: 'string', value, pos: start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (isIdentPart(source[i])) i++;
      const path = [source.slice(start, i)];
      while (source[i] === '.') {
        const segStart = i + 1;
        let j = segStart;
        while (isSegmentPart(source[j])) j++;
        if (j === segStart) throw new ExpressionError('expected a name after "."', source, segStart);
        path.push(source.slice(segStart, j));
        i = j;
      }
      const word = path[0]!;
      if (path.length === 1 && KEYWORDS.has(word)) {
        tokens.push({
          type: 'keyword',
          value: word as 'and' | 'or' | 'not' | 'in' | 'true' | 'false' | 'null',
          pos: start,
          end: i,
        });
      } else {
        tokens.push({ type: 'name', path, pos: start, end: i });
      }
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ type: 'op', value: op, pos: start, end: i });
      continue;
    }
    if (c === '=' || c === '&' || c === '|' || c === '!') {
      const hint = c === '=' ? "use '==' to compare" : c === '!' ? "use 'not'" : `use '${c === '&' ? 'and' : 'or'}'`;
      throw new ExpressionError(`unexpected '${c}' (${hint})`, source, i);
    }
    throw new ExpressionError(`unexpected character '${c}'`, source, i);
  }
  tokens.push({ type: 'eof', pos: source.length, end: source.length });
  return tokens;
}
