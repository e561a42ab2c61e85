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

export const REDACTED = '********';
const SECRET_KEYWORD = /secret|password/i;

export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) return;
  secrets.add(secret);
  pattern = undefined;
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

/** Text with every registered secret replaced, plus the forms that leak secrets on their own. */
export function redact(text: string): string {
  const known = secretPattern();
  let out = known ? text.replace(known, REDACTED) : text;
  // Credentials embedded in URLs (scp://user:pass@host) and IOS config secrets. Each rule runs only when its
  // keyword is there at all: most device output has none, and these line-anchored rules cost a pass each.
  if (out.includes('://'))
    out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`);
  if (SECRET_KEYWORD.test(out)) {
    out = out.replace(/^(\s*(?:enable )?(?:secret|password)\s+(?:\d\s+)?)\S+/gim, `$1${REDACTED}`);
    out = out.replace(
      /^(\s*username \S+ (?:privilege \d+ )?(?:secret|password) (?:\d\s+)?)\S+/gim,
      `$1${REDACTED}`,
    );
  }
  if (out.includes('xox')) out = out.replace(/\bxox[abposr]-[A-Za-z0-9-]+/g, REDACTED);
  return out;
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
}
