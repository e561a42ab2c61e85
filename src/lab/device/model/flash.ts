/**
 * The flash file system: files with sizes, dates and hashes. Directories count 4 KB like ext2 does.
 */
import type { Flash, FlashFile } from './device-state.js';

export function createFlash(device: Flash['device'], totalBytes: number): Flash {
  return { device, totalBytes, files: new Map(), nextInode: 11 };
}

function usedBytes(flash: Flash): number {
  let used = 0;
  for (const f of flash.files.values()) used += f.directory ? 4096 : f.size;
  return used;
}

export function naturalFreeBytes(flash: Flash): number {
  return Math.max(0, flash.totalBytes - usedBytes(flash));
}

export function putFile(flash: Flash, file: Omit<FlashFile, 'inode'> & { inode?: number }): FlashFile {
  const existing = flash.files.get(file.name);
  const stored: FlashFile = { ...file, inode: file.inode ?? existing?.inode ?? flash.nextInode++ };
  flash.files.set(file.name, stored);
  return stored;
}

export function removeFile(flash: Flash, name: string): boolean {
  return flash.files.delete(name);
}

/** Normalises `flash:/x`, `bootflash:x`, `/flash/x`, `x` to the file name `x` on this flash. */
export function fileNameOf(path: string): string {
  return path
    .replace(/^(?:boot)?flash(?:-\d)?:\/?/i, '')
    .replace(/^\/(?:boot)?flash\//i, '')
    .replace(/^\/+/, '');
}

/** True for `flash:`, `bootflash:` and their `-N` member forms (every member mirrors the active). */
export function isFlashDevice(text: string): boolean {
  return /^(?:boot)?flash(?:-\d)?:/i.test(text);
}

/** The file system prefix of a path (`flash:`), or undefined for a bare name. */
export function deviceOf(path: string): string | undefined {
  return /^([a-z0-9-]+:)/i.exec(path)?.[1];
}
