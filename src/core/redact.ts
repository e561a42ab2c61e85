/**
 * Secrets (device passwords, tokens) must never reach logs, Slack, SQLite or error text. Every adapter that
 * learns a secret registers it here, and every sink passes text through `redact` before it leaves.
 *
 * A process-wide registry on purpose: a secret learned by the transport must be hidden by the store and
 * the Slack renderer too, and threading a redactor through every call would make forgetting it easy.
 */
const MIN_SECRET_LENGTH = 4;
const secrets = new Set<string>();
let pattern: RegExp | undefined;
let multiLineSecret = false;

export const REDACTED = '********';
const SECRET_KEYWORD = /secret|password/i;

export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) return;
  secrets.add(secret);
  pattern = undefined;
  if (/[\r\n]/.test(secret)) multiLineSecret = true;
}

function secretPattern(): RegExp | undefined {
  if (secrets.size === 0) return undefined;
  // Longest first so a secret that contains another is hidden whole.
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return pattern;
}

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;
/** IOS config secrets (`enable secret 9 ...`, `username x privilege 15 secret ...`). */
const SECRET_LINE = /^(\s*(?:enable )?(?:secret|password)\s+(?:\d\s+)?)\S+/gim;
const USERNAME_SECRET_LINE = /^(\s*username \S+ (?:privilege \d+ )?(?:secret|password) (?:\d\s+)?)\S+/gim;
const SLACK_TOKEN = /\bxox[abposr]-[A-Za-z0-9-]+/g;
/** Where any rule or secret could match: the keywords of the rules above. */
const RULE_KEYWORDS = /secret|password|:\/\/|xox/gi;

/** Text with every registered secret replaced, plus the forms that leak secrets on their own. */
export function redact(text: string): string {
  const known = secretPattern();
  // A secret with a line break in it could straddle the lines looked at below: do it all the long way.
  if (known && multiLineSecret) return redactWhole(text, known);
  const regions = hotRegions(text, known);
  if (regions.length === 0) return text;
  // Only the lines where something could match go through the rules, and the text is built once: each
  // rule over a whole 200 KB show output cost a pass and a fresh copy of it (milliseconds, mostly the
  // garbage collector's), where most device output names no secret at all.
  // Text already redacted (a transcript made of redacted outputs) comes back as it was, not copied: a new
  // string of a few hundred KB costs more than all the matching.
  const pieces: string[] = [];
  let copied = 0;
  for (const [start, end] of regions) {
    const region = text.slice(start, end);
    const redacted = redactWhole(region, known);
    if (redacted === region) continue;
    pieces.push(text.slice(copied, start), redacted);
    copied = end;
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** Every rule over the whole text, one after another: the definition `redact` keeps to. */
function redactWhole(text: string, known: RegExp | undefined): string {
  let out = known ? text.replace(known, REDACTED) : text;
  if (out.includes('://')) out = out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  if (SECRET_KEYWORD.test(out)) {
    // The username rule first: the bare-keyword rule may cross a line break after a keyword alone on its
    // line and take the next line's first word, which hid `username u secret 0 VALUE` from the other rule.
    out = out.replace(USERNAME_SECRET_LINE, `$1${REDACTED}`);
    out = out.replace(SECRET_LINE, `$1${REDACTED}`);
  }
  if (out.includes('xox')) out = out.replace(SLACK_TOKEN, REDACTED);
  return out;
}

/**
 * The line ranges ([start, end) offsets, merged, in order) that hold a rule's keyword or a registered
 * secret, each widened so that every match the rules can make lies inside one: back over blank lines
 * (a line rule's leading `\s*`), on over blank lines to the next line with text (the blanks a line rule
 * may cross after its keyword), a secret's own line.
 */
function hotRegions(text: string, known: RegExp | undefined): [number, number][] {
  const hits: number[] = [];
  for (const pattern of known ? [RULE_KEYWORDS, known] : [RULE_KEYWORDS]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      hits.push(m.index);
      if (m[0].length === 0) pattern.lastIndex++;
    }
    pattern.lastIndex = 0;
  }
  if (hits.length === 0) return [];
  hits.sort((a, b) => a - b);
  const regions: [number, number][] = [];
  // The end of the line the last hit was on: another hit on that line adds nothing (without this, a long
  // line full of keywords was walked back to its start once per keyword).
  let hitLineEnd = -1;
  for (const at of hits) {
    if (at < hitLineEnd) continue;
    const last = regions.at(-1);
    let start = lineStart(text, at);
    // The line before starts after the break before it (start - 1 is this line's own break).
    while (start > 0) {
      const before = start >= 2 ? lineStart(text, start - 2) : 0;
      if (!isBlank(text, before, start - 1)) break;
      start = before;
    }
    let end = lineEnd(text, at);
    hitLineEnd = end;
    while (end < text.length) {
      const next = end + 1;
      end = lineEnd(text, next);
      if (!isBlank(text, next, end)) break;
    }
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else regions.push([start, end]);
  }
  return regions;
}

/** The offset where the line `at` is on starts. */
function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at) + 1;
}

/** The offset of the line break ending the line `at` is on (or the text's length). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!/\s/.test(text[i]!)) return false;
  return true;
}

/** Deep-redacts strings inside a JSON-like value. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)])) as T;
  }
  return value;
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTest(): void {
  secrets.clear();
  pattern = undefined;
  multiLineSecret = false;
}
