/**
 * `show inventory`: every field-replaceable item (chassis, supervisors, line cards, power supplies, optics)
 * with its PID and serial, for the CMDB and for a pre/post comparison.
 */
import { outputLines, unexpected } from './text.js';

export interface InventoryItem {
  name: string;
  description: string;
  /** Undefined when the device prints it empty. */
  pid: string | undefined;
  vid: string | undefined;
  serialNumber: string | undefined;
}

export interface ShowInventory {
  items: InventoryItem[];
}

const NAME = /^NAME:\s*"(.*)",\s*DESCR:\s*"(.*)"$/;
const PID = /^PID:\s*(.*?)\s*,\s*VID:\s*(.*?)\s*,\s*SN:\s*(.*?)$/;

/**
 * Parses `show inventory`. Banners before the first `NAME:` (the licensing notice) are skipped; after it,
 * every line must be a NAME or PID line, and each NAME must have its PID line.
 */
export function parseShowInventory(text: string): ShowInventory {
  const items: InventoryItem[] = [];
  let pending: { name: string; description: string } | undefined;
  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = NAME.exec(line))) {
      if (pending) unexpected(`show inventory: no PID line for "${pending.name}"`, text);
      pending = { name: m[1]!, description: m[2]! };
    } else if ((m = PID.exec(line))) {
      if (!pending) unexpected(`show inventory: PID line without a NAME line: ${line}`, text);
      items.push({
        ...pending,
        pid: m[1] || undefined,
        vid: m[2] || undefined,
        serialNumber: m[3] || undefined,
      });
      pending = undefined;
    } else if (items.length > 0 || pending) unexpected(`show inventory: unrecognised line: ${line}`, text);
  }
  if (pending) unexpected(`show inventory: no PID line for "${pending.name}"`, text);
  if (items.length === 0) unexpected('show inventory: no NAME/PID items', text);
  return { items };
}
