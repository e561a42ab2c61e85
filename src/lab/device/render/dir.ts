/**
 * `dir flash:` (corpus/dir/ntc-dir.raw: inode, permissions, size, date, name; total and free bytes).
 */
import type { DeviceState, FlashFile } from '../model/device-state.js';
import { formatDirDate } from './time-format.js';

function fileLine(f: FlashFile): string {
  const perms = f.directory ? 'drwx' : '-rw-';
  const size = f.directory ? (f.name === 'lost+found' ? 16384 : 4096) : f.size;
  return `${String(f.inode).padStart(5)}  ${perms}${String(size).padStart(17)}  ${formatDirDate(f.mtime)}  ${f.name}`;
}

/** `device` as typed (`bootflash:`), `name` an optional single file to list. */
export function renderDir(state: DeviceState, device: string, freeBytes: number, name?: string): string {
  const files = [...state.flash.files.values()].sort((a, b) => a.inode - b.inode);
  const shown = name ? files.filter((f) => f.name === name) : files;
  if (name && shown.length === 0) return `%Error opening ${device}/${name} (No such file or directory)\n`;
  const lines = [`Directory of ${device}/${name ?? ''}`, ''];
  if (shown.length === 0) lines.push('No files in directory');
  for (const f of shown) lines.push(fileLine(f));
  lines.push('');
  lines.push(`${state.flash.totalBytes} bytes total (${freeBytes} bytes free)`);
  return lines.join('\n') + '\n';
}
