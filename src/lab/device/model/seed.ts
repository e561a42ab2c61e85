/**
 * Deterministic "random" facts (MACs, serials, counters) derived from names, so a device looks the same on
 * every start and tests can rely on it.
 */
import { createHash } from 'node:crypto';

/** A stable 32-bit number for a text. */
export function seeded(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}

/** Stable lowercase hex of a given length for a text. */
export function seededHex(text: string, length: number): string {
  let out = '';
  let i = 0;
  while (out.length < length) out += createHash('sha256').update(`${text}#${i++}`).digest('hex');
  return out.slice(0, length);
}

/** A Cisco-style MAC (`00d6.feff.acf0`) for a text. */
export function seededMac(text: string): string {
  const hex = seededHex(`mac:${text}`, 12);
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}

/** The same MAC as `a0:b4:39:00:00:e0`. */
export function colonMac(dotted: string): string {
  return dotted.replace(/\./g, '').replace(/(..)(?!$)/g, '$1:');
}

/** A serial number that looks like the host's (same 3-letter prefix), for stack members and modules. */
export function seededSerial(prefix: string, text: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let n = seeded(`serial:${text}`);
  let tail = '';
  for (let i = 0; i < 8; i++) {
    tail += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + seeded(`${text}:${i}`);
  }
  return `${prefix.slice(0, 3)}${tail}`;
}
