import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';

/** One problem in an input file, located so a person can go straight to it. */
export interface SourceIssue {
  file: string;
  line: number;
  column: number;
  /** The field, as `steps[5].on_fail`. Empty for the whole document. */
  path: string;
  message: string;
}

export type SourceResult<T> = { ok: true; value: T } | { ok: false; issues: SourceIssue[] };

/** `procedures/iosxe-upgrade.yml:42:7 steps[5].on_fail: expected abort | rollback | ask` */
export function formatSourceIssue(issue: SourceIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Parses YAML text and validates it with a zod schema. Every problem (YAML syntax or schema) comes back
 * with the file, line and column of the offending node, never as a stack trace.
 */
export function parseYamlSource<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): SourceResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: '',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.flatMap((issue): SourceIssue[] => {
      const { node, missingKey } = nodeAt(doc.contents, issue.path);
      // An unknown key is reported at the key itself, one issue per key.
      if (issue.code === 'unrecognized_keys' && isMap(node)) {
        return issue.keys.map((key) => {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
          const keyNode = pair?.key as Node | undefined;
          return {
            file,
            ...at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0),
            path: formatPath([...issue.path, key]),
            message: 'unknown field',
          };
        });
      }
      let offset = node?.range?.[0] ?? 0;
      // A custom issue may point inside a one-line scalar (the column of a mistake in an expression).
      const inner =
        issue.code === 'custom' ? (issue.params as { offset?: unknown } | undefined)?.offset : undefined;
      if (typeof inner === 'number' && missingKey === undefined && isScalar(node) && node.range) {
        const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
        const raw = text.slice(node.range[0], node.range[1]);
        if ((quoted || node.type === 'PLAIN') && !raw.includes('\n')) offset += inner + (quoted ? 1 : 0);
      }
      const message = missingKey !== undefined ? `required field is missing` : issue.message;
      return [{ file, ...at(offset), path: formatPath(issue.path), message }];
    }),
  };
}

/** The deepest YAML node on a path; for a missing key, the map that should hold it. */
function nodeAt(
  root: unknown,
  path: readonly PropertyKey[],
): { node: Node | undefined; missingKey?: PropertyKey } {
  let node = root as Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) return { node, missingKey: key };
      node = (pair.value ?? pair.key) as Node | undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return { node, missingKey: key };
      node = item;
    } else {
      return { node };
    }
  }
  return { node };
}
