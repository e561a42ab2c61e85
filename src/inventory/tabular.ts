/**
 * Inventory hosts from a table (CSV, an Excel sheet) or another source of records (NetBox), validated like
 * the YAML inventory: every problem names the file, the row and the column. The table holds hosts only;
 * customers, sites and staging come from the base YAML inventory, and the merged whole is checked again
 * (unknown customer or site, a site of another customer, duplicate names).
 *
 * Columns (header row, any order, case-insensitive): name, customer, site, model, address, oob_address,
 * port, serial, version, boot_mode, redundancy, members, role, risk, tags (separated by `;` or `,`), and
 * platform (default iosxe).
 */
import { readFile, stat } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { SourceIssue, SourceResult } from '../core/yaml-source.js';
import { hostSchema, inventoryReferenceIssues, type Inventory, type InventoryHost } from './schema.js';

const HOST_COLUMNS = [
  'name',
  'customer',
  'site',
  'model',
  'address',
  'oob_address',
  'port',
  'serial',
  'version',
  'boot_mode',
  'redundancy',
  'members',
  'role',
  'risk',
  'tags',
  'platform',
] as const;
const NUMERIC = new Set(['port', 'members']);
const MAX_ROWS = 20_000;
const MAX_BYTES = 20 * 1024 * 1024;

/** One host record and where it came from. */
export interface LocatedRecord {
  line: number;
  /** Column number of each field (1-based), for pointing at a cell. */
  columns: Readonly<Record<string, number>>;
  record: Record<string, unknown>;
}

/** Header cells to column numbers; unknown headers are problems (a typo would silently drop a field). */
function readHeader(
  header: readonly string[],
  file: string,
): { columns: Record<string, number>; issues: SourceIssue[] } {
  const columns: Record<string, number> = {};
  const issues: SourceIssue[] = [];
  header.forEach((cell, i) => {
    const name = cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (!name) return;
    if (!(HOST_COLUMNS as readonly string[]).includes(name))
      issues.push({
        file,
        line: 1,
        column: i + 1,
        path: cell,
        message: `unknown column (expected ${HOST_COLUMNS.join(', ')})`,
      });
    else if (columns[name] !== undefined)
      issues.push({ file, line: 1, column: i + 1, path: cell, message: 'duplicate column' });
    else columns[name] = i + 1;
  });
  for (const required of [
    'name',
    'customer',
    'site',
    'model',
    'address',
    'serial',
    'version',
    'boot_mode',
    'role',
  ])
    if (columns[required] === undefined)
      issues.push({ file, line: 1, column: 1, path: required, message: 'required column is missing' });
  return { columns, issues };
}

function cellValue(column: string, text: string): unknown {
  if (text === '') return undefined;
  if (column === 'tags')
    return text
      .split(/[;,]/)
      .map((t) => t.trim())
      .filter(Boolean);
  if (NUMERIC.has(column) && /^\d+$/.test(text)) return Number(text);
  return text;
}

/** Table rows (header first) to located host records. */
function recordsFromRows(
  rows: readonly { line: number; cells: readonly string[] }[],
  file: string,
): { records: LocatedRecord[]; issues: SourceIssue[] } {
  const [head, ...body] = rows;
  if (!head)
    return {
      records: [],
      issues: [{ file, line: 1, column: 1, path: '', message: 'the table is empty: expected a header row' }],
    };
  const { columns, issues } = readHeader(head.cells, file);
  if (body.length > MAX_ROWS)
    issues.push({
      file,
      line: body[MAX_ROWS]!.line,
      column: 1,
      path: '',
      message: `more than ${MAX_ROWS} rows`,
    });
  const records = body.slice(0, MAX_ROWS).flatMap((row) => {
    if (row.cells.every((c) => c.trim() === '')) return [];
    const record: Record<string, unknown> = {};
    for (const [name, col] of Object.entries(columns)) {
      const value = cellValue(name, (row.cells[col - 1] ?? '').trim());
      if (value !== undefined) record[name] = value;
    }
    return [{ line: row.line, columns, record }];
  });
  return { records, issues };
}

/** Validates the records as hosts and merges them into the base inventory (its customers, sites, staging). */
export function mergeHostRecords(
  records: readonly LocatedRecord[],
  base: Inventory,
  file: string,
  earlier: SourceIssue[] = [],
): SourceResult<Inventory> {
  const issues = [...earlier];
  const at = (r: LocatedRecord, field: string): { line: number; column: number } => ({
    line: r.line,
    column: r.columns[field] ?? 1,
  });
  const hosts: InventoryHost[] = [];
  for (const r of records) {
    const parsed = hostSchema.safeParse(r.record);
    if (parsed.success) hosts.push(parsed.data);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const message =
        issue.code === 'invalid_type' && r.record[field] === undefined
          ? 'required field is missing'
          : issue.message;
      issues.push({ file, ...at(r, field), path: field, message });
    }
  }
  if (issues.length) return { ok: false, issues };
  if (hosts.length === 0)
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: 'no hosts' }] };
  const merged: Inventory = { ...base, hosts };
  const refs = inventoryReferenceIssues(merged);
  if (refs.length === 0) return { ok: true, value: merged };
  return {
    ok: false,
    issues: refs.map((issue) => {
      const index =
        issue.path[0] === 'hosts' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const field = String(issue.path[2] ?? '');
      const r = index !== undefined ? records[index] : undefined;
      return r
        ? { file, ...at(r, field), path: field, message: issue.message }
        : { file, line: 1, column: 1, path: issue.path.join('.'), message: issue.message };
    }),
  };
}

export function parseInventoryCsv(text: string, file: string, base: Inventory): SourceResult<Inventory> {
  let rows: { line: number; cells: string[] }[];
  try {
    const parsed = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    rows = parsed.map((p) => ({ line: p.info.lines, cells: p.record }));
  } catch (error) {
    const e = error as { lines?: number; column?: number; message?: string };
    return {
      ok: false,
      issues: [
        {
          file,
          line: e.lines ?? 1,
          column: (e.column ?? 0) + 1,
          path: '',
          message: (e.message ?? 'not CSV').split('\n')[0]!,
        },
      ],
    };
  }
  const { records, issues } = recordsFromRows(rows, file);
  return mergeHostRecords(records, base, file, issues);
}

/** The first sheet named `hosts`, or the first sheet. Row numbers are the sheet's own. */
async function parseInventoryXlsx(
  data: Buffer,
  file: string,
  base: Inventory,
): Promise<SourceResult<Inventory>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message: `not an Excel workbook (.xlsx): ${(error as Error).message}`,
        },
      ],
    };
  }
  const sheet = workbook.worksheets.find((s) => s.name.toLowerCase() === 'hosts') ?? workbook.worksheets[0];
  if (!sheet)
    return {
      ok: false,
      issues: [{ file, line: 1, column: 1, path: '', message: 'the workbook has no sheet' }],
    };
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  const { records, issues } = recordsFromRows(rows, `${file} (sheet ${sheet.name})`);
  return mergeHostRecords(records, base, `${file} (sheet ${sheet.name})`, issues);
}

/** Reads a .csv or .xlsx inventory of hosts onto a base inventory. */
export async function readTabularInventory(file: string, base: Inventory): Promise<SourceResult<Inventory>> {
  const size = (await stat(file)).size;
  if (size > MAX_BYTES)
    return {
      ok: false,
      issues: [{ file, line: 1, column: 1, path: '', message: `larger than ${MAX_BYTES} bytes` }],
    };
  if (/\.xlsx$/i.test(file)) return parseInventoryXlsx(await readFile(file), file, base);
  return parseInventoryCsv(await readFile(file, 'utf8'), file, base);
}
