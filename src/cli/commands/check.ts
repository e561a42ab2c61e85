import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatSourceIssue, parseYamlSource, type SourceIssue } from '../../core/yaml-source.js';
import { parseWindows } from '../../engine/windows.js';
import { parseImageCatalogue, parseInventory } from '../../inventory/load.js';
import { parseProcedure } from '../../procedures/index.js';
import type { CliCommand } from '../command.js';

type Checked = { ok: true; summary: string } | { ok: false; issues: SourceIssue[] };

/** What a file holds, told by its top-level keys. */
function detectKind(text: string): 'procedure' | 'inventory' | 'windows' | 'images' | 'unknown' | 'invalid' {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return 'invalid';
  const top: unknown = doc.toJS();
  if (typeof top !== 'object' || top === null || Array.isArray(top)) return 'unknown';
  const has = (key: string): boolean => Object.hasOwn(top, key);
  if (has('steps')) return 'procedure';
  if (has('hosts') && has('customers')) return 'inventory';
  if (has('windows')) return 'windows';
  if (has('images')) return 'images';
  return 'unknown';
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Validates one file of any kind warroom reads; never throws for a bad file. */
export function checkText(text: string, file: string): Checked {
  switch (detectKind(text)) {
    case 'procedure': {
      const r = parseProcedure(text, file);
      if (!r.ok) return r;
      const rollback = r.value.rollback.length ? `, ${plural(r.value.rollback.length, 'rollback step')}` : '';
      return {
        ok: true,
        summary: `procedure "${r.value.name}", ${plural(r.value.steps.length, 'step')}${rollback}`,
      };
    }
    case 'inventory': {
      const r = parseInventory(text, file);
      return r.ok ? { ok: true, summary: `inventory, ${plural(r.value.hosts.length, 'host')}` } : r;
    }
    case 'windows': {
      const r = parseWindows(text, file);
      return r.ok ? { ok: true, summary: `windows, ${plural(r.value.length, 'window')}` } : r;
    }
    case 'images': {
      const r = parseImageCatalogue(text, file);
      return r.ok ? { ok: true, summary: `image catalogue, ${plural(r.value.images.length, 'image')}` } : r;
    }
    case 'invalid': {
      // The YAML itself is broken: let the shared reader locate every syntax error.
      const r = parseYamlSource(text, file, z.unknown());
      return r.ok
        ? { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: 'invalid YAML' }] }
        : r;
    }
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

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate procedures, inventories, windows and image catalogues (file:line:col field: message)',
  usage:
    'warroom check FILE...   (kind told by content: steps: procedure, hosts:+customers: inventory, windows:, images:)',
  async run(ctx) {
    const files = ctx.args.filter((a) => a !== '--');
    const flag = files.find((f) => f.startsWith('-') && f !== '-');
    if (files.length === 0 || flag) {
      ctx.io.stderr(`${flag ? `warroom check: unknown option ${flag}\n` : ''}usage: ${checkCommand.usage}\n`);
      return 2;
    }
    let failed = 0;
    let errors = 0;
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(resolve(ctx.cwd, file), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
        ctx.io.stdout(`${file}:1:1 ${reason}\n`);
        failed++;
        errors++;
        continue;
      }
      const result = checkText(text, file);
      if (result.ok) {
        ctx.io.stdout(`ok ${file} (${result.summary})\n`);
      } else {
        for (const issue of result.issues) ctx.io.stdout(`${formatSourceIssue(issue)}\n`);
        failed++;
        errors += result.issues.length;
      }
    }
    if (failed > 0) {
      ctx.io.stderr(`${plural(errors, 'error')} in ${plural(failed, 'file')}\n`);
      return 1;
    }
    return 0;
  },
};
