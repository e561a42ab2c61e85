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

/**
 * Organisationally unique identifiers registered to Cisco Systems (IEEE MA-L), so the lab's MACs look like a
 * Cisco box's to anything that checks the vendor (`show version`, interfaces, CDP/LLDP neighbours).
 */
export const CISCO_OUIS: readonly string[] = [
  '00a742',
  '00d6fe',
  '2c3f0b',
  '3c410e',
  '4c776d',
  '5c5ac7',
  '70b317',
  '7c210e',
  'a0b439',
  'c4b239',
  'f87b20',
  'fc5b39',
];

/** A Cisco MAC (`00d6.feff.acf0`: a Cisco OUI, then three seeded bytes) for a text. */
export function seededMac(text: string): string {
  const oui = CISCO_OUIS[seeded(`oui:${text}`) % CISCO_OUIS.length]!;
  return dottedMac(oui + seededHex(`mac:${text}`, 6));
}

/** `00d6feffacf0` -> `00d6.feff.acf0`. */
function dottedMac(hex: string): string {
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}

/** The MAC `n` after `mac` in the same OUI (a box hands out consecutive MACs to its interfaces). */
export function macPlus(mac: string, n: number): string {
  const hex = mac.replace(/\./g, '');
  const low = (parseInt(hex.slice(6), 16) + n) % 0x1000000;
  return dottedMac(hex.slice(0, 6) + low.toString(16).padStart(6, '0'));
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
