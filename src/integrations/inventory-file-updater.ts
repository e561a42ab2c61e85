/**
 * The local inventory as one more CMDB: after a verified upgrade the host's `version:` in the inventory
 * YAML is rewritten (comments and layout kept, through the yaml Document API), atomically.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { WarroomError } from '../core/errors.js';
import type { CmdbUpdater } from '../ports/cmdb.js';

/** The inventory text with `host`'s version set; pure. Throws not_found for an unknown host. */
export function setInventoryVersion(text: string, file: string, host: string, version: string): string {
  const doc = parseDocument(text);
  const hosts = doc.get('hosts');
  if (!isSeq(hosts)) throw new WarroomError('validation_failed', `${file} has no hosts list`);
  const index = hosts.items.findIndex((h) => isMap(h) && h.get('name') === host);
  if (index < 0) throw new WarroomError('not_found', `${file} has no host ${host}`);
  // Quoted, as the file writes versions: 17.10 unquoted would read back as a number.
  const node = doc.createNode(version);
  node.type = 'QUOTE_DOUBLE';
  doc.setIn(['hosts', index, 'version'], node);
  return doc.toString({ lineWidth: 0 });
}

export function createInventoryFileUpdater(file: string): CmdbUpdater {
  return {
    system: 'inventory',
    async recordVersion(host, version) {
      const text = await readFile(file, 'utf8');
      const next = setInventoryVersion(text, file, host, version);
      if (next !== text) {
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, next);
        await rename(tmp, file);
      }
      return { objectId: `${file}#${host}` };
    },
  };
}
