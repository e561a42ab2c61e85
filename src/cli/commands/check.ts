import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSource } from '../../core/source-text.js';
import { readSourceFile } from '../../config/source-files.js';
import {
  formatSourceIssue,
  parseYamlValue,
  type SourceIssue,
  type SourceResult,
} from '../../core/yaml-source.js';
import { parseWindows, type MaintenanceWindow } from '../../scheduler/index.js';
import {
  parseImageCatalogue,
  parseInventory,
  readImageCatalogue,
  readInventory,
} from '../../inventory/load.js';
import type { CatalogueImage, Inventory } from '../../inventory/schema.js';
import { parseProcedure, readProcedure, type Procedure } from '../../procedures/index.js';
import type { CliCommand } from '../command.js';
import { crossCheckWindows, type Reference } from '../check-windows.js';

type Kind = 'procedure' | 'inventory' | 'windows' | 'images';
type Checked =
  | {
      ok: true;
      kind: Kind;
      summary: string;
      windows?: MaintenanceWindow[];
      inventory?: Inventory;
      images?: CatalogueImage[];
    }
  | { ok: false; kind?: Kind; issues: SourceIssue[] };

/** The seed files windows are checked against when no inventory or catalogue is given. */
const DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));
const DEFAULT_INVENTORY = resolve(DATA_DIR, 'inventory.yml');
const DEFAULT_CATALOGUE = resolve(DATA_DIR, 'images.yml');

/** What a file holds, told by its top-level keys; a file that is not YAML at all keeps its issues. */
function detectKind(
  text: string,
  file: string,
): { kind: Kind | 'unknown' } | { kind: 'invalid'; issues: SourceIssue[] } {
  const parsed = parseYamlValue(text, file);
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues };
  const top = parsed.value;
  if (typeof top !== 'object' || top === null || Array.isArray(top)) return { kind: 'unknown' };
  const has = (key: string): boolean => Object.hasOwn(top, key);
  if (has('steps')) return { kind: 'procedure' };
  if (has('hosts') && has('customers')) return { kind: 'inventory' };
  if (has('windows')) return { kind: 'windows' };
  if (has('images')) return { kind: 'images' };
  return { kind: 'unknown' };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Validates one file of any kind warroom reads, on its own; never throws for a bad file. */
function checkText(text: string, file: string): Checked {
  const detected = detectKind(text, file);
  switch (detected.kind) {
    case 'procedure': {
      const r = parseProcedure(text, file);
      if (!r.ok) return { ...r, kind: 'procedure' };
      const rollback = r.value.rollback.length ? `, ${plural(r.value.rollback.length, 'rollback step')}` : '';
      return {
        ok: true,
        kind: 'procedure',
        summary: `procedure "${r.value.name}", ${plural(r.value.steps.length, 'step')}${rollback}`,
      };
    }
    case 'inventory': {
      const r = parseInventory(text, file);
      return r.ok
        ? {
            ok: true,
            kind: 'inventory',
            summary: `inventory, ${plural(r.value.hosts.length, 'host')}`,
            inventory: r.value,
          }
        : { ...r, kind: 'inventory' };
    }
    case 'windows': {
      const r = parseWindows(text, file);
      return r.ok
        ? {
            ok: true,
            kind: 'windows',
            summary: `windows, ${plural(r.value.length, 'window')}`,
            windows: r.value,
          }
        : { ...r, kind: 'windows' };
    }
    case 'images': {
      const r = parseImageCatalogue(text, file);
      return r.ok
        ? {
            ok: true,
            kind: 'images',
            summary: `image catalogue, ${plural(r.value.images.length, 'image')}`,
            images: r.value.images,
          }
        : { ...r, kind: 'images' };
    }
    case 'invalid':
      // Not YAML warroom can read (syntax, bytes, a bomb): the reader located every problem.
      return { ok: false, issues: detected.issues };
    case 'unknown':
      return {
        ok: false,
        issues: [
          {
            file,
            line: 1,
            column: 1,
            path: '',
            message:
              'not a file warroom knows: expected a procedure (steps:), an inventory (hosts: and customers:), windows (windows:) or an image catalogue (images:)',
          },
        ],
      };
  }
}

/** checkText on a file's bytes: the size cap and strict UTF-8 first. */
export function checkSource(bytes: Uint8Array, file: string): Checked {
  const text = decodeSource(bytes, file);
  return text.ok ? checkText(text.value, file) : text;
}

interface FileResult {
  file: string;
  text?: string;
  checked: Checked;
}

/** The inventory or catalogue windows are checked against: the one given (valid or not), else the seed file. */
async function reference<T>(
  results: readonly FileResult[],
  kind: Kind,
  value: (c: Checked) => T | undefined,
  fallback: string,
  read: (file: string) => Promise<SourceResult<T>>,
): Promise<Reference<T>> {
  const given = results.find((r) => r.checked.kind === kind);
  if (given) return { file: given.file, value: value(given.checked) };
  const r = await read(fallback);
  return { file: `${basename(DATA_DIR)}/${basename(fallback)}`, value: r.ok ? r.value : undefined };
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate procedures, inventories, windows and image catalogues (file:line:col field: message)',
  usage:
    'warroom check FILE...   (kind told by content: steps: procedure, hosts:+customers: inventory, windows:, images:; windows are checked against the inventory, catalogue and procedures given, else data/)',
  async run(ctx) {
    const files = ctx.args.filter((a) => a !== '--');
    const flag = files.find((f) => f.startsWith('-') && f !== '-');
    if (files.length === 0 || flag) {
      ctx.io.stderr(`${flag ? `warroom check: unknown option ${flag}\n` : ''}usage: ${checkCommand.usage}\n`);
      return 2;
    }
    const results: FileResult[] = [];
    for (const file of files) {
      const text = await readSourceFile(resolve(ctx.cwd, file), file);
      results.push(
        text.ok ? { file, text: text.value, checked: checkText(text.value, file) } : { file, checked: text },
      );
    }
    await crossCheck(ctx.cwd, results);
    let failed = 0;
    let errors = 0;
    for (const { file, checked } of results) {
      if (checked.ok) {
        ctx.io.stdout(`ok ${file} (${checked.summary})\n`);
      } else {
        for (const issue of checked.issues) ctx.io.stdout(`${formatSourceIssue(issue)}\n`);
        failed++;
        errors += checked.issues.length;
      }
    }
    if (failed > 0) {
      ctx.io.stderr(`${plural(errors, 'error')} in ${plural(failed, 'file')}\n`);
      return 1;
    }
    return 0;
  },
};

/** Windows files that passed on their own, checked against the inventory, catalogue and procedures. */
async function crossCheck(cwd: string, results: FileResult[]): Promise<void> {
  const windowsFiles = results.filter((r) => r.checked.ok && r.checked.windows);
  if (windowsFiles.length === 0) return;
  const inventory = await reference(
    results,
    'inventory',
    (c) => (c.ok ? c.inventory : undefined),
    DEFAULT_INVENTORY,
    readInventory,
  );
  const images = await reference(
    results,
    'images',
    (c) => (c.ok ? c.images : undefined),
    DEFAULT_CATALOGUE,
    async (file) => {
      const r = await readImageCatalogue(file);
      return r.ok ? { ok: true, value: r.value.images } : r;
    },
  );
  const procedures = new Map<string, Promise<SourceResult<Procedure>>>();
  const readShared = (path: string): Promise<SourceResult<Procedure>> => {
    let result = procedures.get(path);
    if (!result) {
      result = readProcedure(path);
      procedures.set(path, result);
    }
    return result;
  };
  for (const result of windowsFiles) {
    if (!result.checked.ok || !result.checked.windows || result.text === undefined) continue;
    const issues = await crossCheckWindows(result.text, result.file, result.checked.windows, {
      cwd,
      inventory,
      catalogue: images,
      readProcedure: readShared,
    });
    result.checked = issues.length
      ? { ok: false, issues }
      : {
          ...result.checked,
          summary: `${result.checked.summary}, checked against ${inventory.file}, ${images.file} and their procedures`,
        };
  }
}
