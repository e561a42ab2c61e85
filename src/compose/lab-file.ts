/**
 * The file `warroom lab --json` writes, read back by a command that drives a lab another process started
 * (`--lab-file`). Its own module with light imports, so a short command (`warroom collect`) that reads it
 * loads neither the engine nor the lab.
 */
import { readFile } from 'node:fs/promises';
import { WarroomError } from '../core/errors.js';
import type { LabDescriptor } from './lab.js';

/**
 * Reads what `warroom lab --json` printed: one JSON object per device, then the staging server (with the
 * lab's size scale, which the run's catalogue must share).
 */
export async function readLabFile(file: string): Promise<LabDescriptor & { sizeScale: number }> {
  const devices: LabDescriptor['devices'] = [];
  let staging: LabDescriptor['staging'] | undefined;
  let timeScale: number | undefined;
  let sizeScale = 1;
  // A missing or foreign file is a mistake on the command line: a usage error that names it, never its bytes.
  const notLabFile = (why: string): WarroomError =>
    new WarroomError('usage', `--lab-file ${file}: ${why}; expected the output of warroom lab --json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw notLabFile(
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read',
    );
  }
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw notLabFile(`line ${index + 1} is not JSON`);
    }
    if (typeof o !== 'object' || o === null) throw notLabFile(`line ${index + 1} is not a JSON object`);
    if (typeof o.timeScale === 'number' && o.timeScale > 0) timeScale = o.timeScale;
    if (o.role === 'staging' && typeof o.sizeScale === 'number' && o.sizeScale > 0) sizeScale = o.sizeScale;
    if (o.role === 'staging')
      staging = {
        host: String(o.host),
        port: Number(o.port),
        username: String(o.username),
        password: String(o.password),
        path: String(o.path),
      };
    else
      devices.push({
        name: String(o.name),
        port: Number(o.port),
        username: String(o.username),
        password: String(o.password),
        ...(o.enableSecret ? { enableSecret: String(o.enableSecret) } : {}),
      });
  }
  if (!staging || devices.length === 0)
    throw notLabFile(staging ? 'it lists no device' : 'it names no staging server');
  if (timeScale === undefined)
    throw notLabFile("it does not say the lab's time scale (write it again with warroom lab --json)");
  return { devices, staging, timeScale, sizeScale };
}
