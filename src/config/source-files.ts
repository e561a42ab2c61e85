/**
 * Reading warroom's input files (procedures, inventories, windows, catalogues) from disk: bounded in size,
 * decoded strictly (src/core/source-text.ts), and never a throw for a missing or unreadable file.
 */
import { open } from 'node:fs/promises';
import type { SourceResult } from '../core/yaml-source.js';
import { decodeSource, MAX_SOURCE_BYTES, tooLarge } from '../core/source-text.js';

/**
 * Reads an input file (at most MAX_SOURCE_BYTES: a larger one is refused before it is read whole) and
 * decodes it strictly. A missing or unreadable file is an issue at 1:1, never a throw.
 */
export async function readSourceFile(path: string, file = path): Promise<SourceResult<string>> {
  const fail = (message: string): SourceResult<string> => ({
    ok: false,
    issues: [{ file, line: 1, column: 1, path: '', message }],
  });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read',
    );
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return fail('is a directory');
    if (stat.size > MAX_SOURCE_BYTES) return { ok: false, issues: [tooLarge(file, stat.size)] };
    // Read at most one chunk past the cap: a file that grows (or a FIFO) cannot make us read without end.
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= MAX_SOURCE_BYTES) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      length += bytesRead;
    }
    return decodeSource(Buffer.concat(chunks), file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'EISDIR' ? 'is a directory' : 'cannot be read');
  } finally {
    await handle.close();
  }
}
