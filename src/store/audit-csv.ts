/**
 * The audit log as CSV (RFC 4180): a header row, then one record per audit row with the stored values
 * (times as ISO-8601 UTC, `shown` as its JSON text), CRLF line ends, and a field quoted when it holds a
 * comma, a double quote, CR or LF, with quotes doubled. Values are exported exactly as hashed, so the export
 * can be re-verified outside warroom.
 */
import type Database from 'better-sqlite3';
import { AUDIT_HASHED_COLUMNS, iterateAuditRows } from './audit-log.js';

export const AUDIT_CSV_COLUMNS = [...AUDIT_HASHED_COLUMNS, 'prev_hash', 'hash'] as const;

/** One CSV field, quoted only when RFC 4180 requires it. */
export function renderCsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF. */
export function renderCsvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(renderCsvField).join(',')}\r\n`;
}

/**
 * Writes the whole audit log as CSV through `write`, in chunks (a log of any size never sits in memory at
 * once). Returns the number of rows written, not counting the header.
 */
export function exportAuditCsv(db: Database.Database, write: (chunk: string) => void): number {
  write(renderCsvRecord(AUDIT_CSV_COLUMNS));
  let rows = 0;
  let chunk = '';
  for (const row of iterateAuditRows(db)) {
    chunk += renderCsvRecord(AUDIT_CSV_COLUMNS.map((column) => row[column]));
    rows++;
    if (chunk.length >= 64 * 1024) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk) write(chunk);
  return rows;
}
