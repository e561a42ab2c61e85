import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { controlCharacterIssues, MAX_SOURCE_BYTES } from './source-text.js';
import {
  clipText,
  describeCharacter,
  escapeControlCharacters,
  isControlCharacter,
  MAX_ID_LENGTH,
  MAX_VALUE_LENGTH,
} from './text-limits.js';

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
  // Messages may quote the file; whatever it holds, the line printed never drives a terminal.
  return escapeControlCharacters(
    issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`,
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    // A key is echoed from the file: a megabyte-long one is shown by its start and length.
    const name = escapeControlCharacters(clipText(String(key)));
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${name}` : name;
  }
  return out;
}

/** Alias nodes one document may expand (YAML's own default): the shipped procedures use a handful. */
const MAX_ALIAS_COUNT = 100;
/** Deeper nesting is a mistake or an attack: no warroom file needs more than a dozen levels. */
const MAX_DEPTH = 64;
/** Issues of one sort listed per file before the rest are counted. */
const MAX_LISTED = 20;
/** An error message never repeats more than this much of the input. */
const MAX_MESSAGE_LENGTH = 500;

type Loaded =
  | { ok: false; issues: SourceIssue[] }
  | {
      ok: true;
      doc: Document.Parsed;
      value: unknown;
      at: (offset: number) => { line: number; column: number };
    };

/**
 * YAML text to a document and its plain value, refusing what could hurt the reader before any schema
 * looks at it: oversized text, raw control characters, syntax errors, nesting too deep, values too long
 * or holding control characters, and aliases that expand without end (a YAML bomb). Never throws.
 */
function loadYaml(text: string, file: string): Loaded {
  const issue = (line: number, column: number, message: string): SourceIssue => ({
    file,
    line,
    column,
    path: '',
    message,
  });
  if (text.length > MAX_SOURCE_BYTES)
    return {
      ok: false,
      issues: [
        issue(1, 1, `text of ${text.length} characters is larger than warroom reads (${MAX_SOURCE_BYTES})`),
      ],
    };
  const control = controlCharacterIssues(text, file);
  if (control.length) return { ok: false, issues: control };
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return {
      ok: false,
      issues: [issue(1, 1, `cannot be read as YAML: ${clipText(String((error as Error).message), 120)}`)],
    };
  }
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0)
    return {
      ok: false,
      issues: doc.errors.slice(0, MAX_LISTED).map((e) => {
        const pos = at(e.pos[0]);
        // Two of `yaml`'s messages speak of its own API or the stack; say what is wrong with the file instead.
        const message =
          e.code === 'MULTIPLE_DOCS'
            ? 'a file holds one YAML document; this one has more (a second ---)'
            : e.code === 'RESOURCE_EXHAUSTION'
              ? `nested too deeply to read (more than ${MAX_DEPTH} levels is never needed)`
              : (e.message.split('\n')[0] ?? e.message);
        return issue(pos.line, pos.column, clipText(message, MAX_MESSAGE_LENGTH));
      }),
    };
  const shape = shapeIssues(doc.contents, file, at);
  if (shape.length) return { ok: false, issues: shape };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // `yaml` throws a ReferenceError when aliases expand past the limit: point at the first alias.
    let first: Node | undefined;
    visit(doc, { Alias: (_key, node) => ((first = node), visit.BREAK) });
    const pos = at(first?.range?.[0] ?? 0);
    const why = /alias count/i.test(String((error as Error).message))
      ? `YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (a YAML bomb?): write the values out or use fewer aliases`
      : `cannot be read as YAML: ${clipText(String((error as Error).message), 120)}`;
    return { ok: false, issues: [issue(pos.line, pos.column, why)] };
  }
  return { ok: true, doc, value, at };
}

/** Values too long, holding control characters, or nested too deep; walked without recursion. */
function shapeIssues(
  root: unknown,
  file: string,
  at: (offset: number) => { line: number; column: number },
): SourceIssue[] {
  const issues: SourceIssue[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }];
  const report = (node: Node | undefined, path: (string | number)[], message: string): void => {
    if (issues.length < MAX_LISTED)
      issues.push({ file, ...at(node?.range?.[0] ?? 0), path: formatPath(path), message });
  };
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) {
      report(node as Node, path.slice(0, 3), `nested more than ${MAX_DEPTH} levels deep`);
      break;
    }
    if (isScalar(node)) {
      if (typeof node.value !== 'string') continue;
      const text = node.value;
      if (text.length > MAX_VALUE_LENGTH)
        report(node, path, `a value of ${text.length} characters (at most ${MAX_VALUE_LENGTH})`);
      const bad = [...text].find(
        (ch) => ch !== '\n' && ch !== '\t' && isControlCharacter(ch.codePointAt(0)!),
      );
      if (bad !== undefined)
        report(node, path, `control character ${describeCharacter(bad.codePointAt(0)!)} in a value`);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const name = typeof key === 'string' || typeof key === 'number' ? key : '?';
        if (typeof key === 'string' && key.length > MAX_ID_LENGTH * 4)
          report(pair.key as Node, path, `a key of ${key.length} characters`);
        else if (pair.key !== null) stack.push({ node: pair.key, path: [...path, name] });
        stack.push({ node: pair.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** YAML text to its plain value, with the same guards as parseYamlSource and no schema. */
export function parseYamlValue(text: string, file: string): SourceResult<unknown> {
  const loaded = loadYaml(text, file);
  return loaded.ok ? { ok: true, value: loaded.value } : loaded;
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
  const loaded = loadYaml(text, file);
  if (!loaded.ok) return loaded;
  const { doc, at } = loaded;
  const parsed = schema.safeParse(loaded.value);
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
      const message =
        missingKey !== undefined ? `required field is missing` : clipText(issue.message, MAX_MESSAGE_LENGTH);
      return [{ file, ...at(offset), path: formatPath(issue.path), message }];
    }),
  };
}

/**
 * Places issues found outside the schema (a check across files) at their node in a YAML text that already
 * parsed: `{ path: ['windows', 0, 'hosts', 2], message }` -> `file:12:14 windows[0].hosts[2]: message`.
 */
export function locateIssues(
  text: string,
  file: string,
  issues: readonly { path: readonly (string | number)[]; message: string }[],
): SourceIssue[] {
  const loaded = loadYaml(text, file);
  return issues.map((issue) => {
    const node = loaded.ok ? nodeAt(loaded.doc.contents, issue.path).node : undefined;
    const pos = loaded.ok ? loaded.at(node?.range?.[0] ?? 0) : { line: 1, column: 1 };
    return {
      file,
      ...pos,
      path: formatPath(issue.path),
      message: clipText(issue.message, MAX_MESSAGE_LENGTH),
    };
  });
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
