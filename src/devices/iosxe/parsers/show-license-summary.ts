/**
 * `show license summary` (Smart Licensing Using Policy, IOS-XE 17): each license in use and its status. The
 * pre/post diff flags a license that was `IN USE` before and is not after (an upgrade that lost its level).
 */
import { int, outputLines, unexpected } from './text.js';

export interface LicenseUsage {
  license: string;
  /** `(C9300-48 Network Advan...)` without the brackets. */
  entitlementTag: string | undefined;
  count: number;
  /** `IN USE`, `NOT IN USE`, `NOT AUTHORIZED`. */
  status: string;
}

export interface ShowLicenseSummary {
  licenses: LicenseUsage[];
}

const HEADER = /^License\s+Entitlement Tag\s+Count\s+Status$/i;
const ROW = /^(\S+)\s+(?:\((.*?)\)\s+)?(\d+)\s+([A-Z][A-Z ]*[A-Z])$/;

/** Parses `show license summary`; needs the `License Usage:` table. */
export function parseShowLicenseSummary(text: string): ShowLicenseSummary {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => HEADER.test(l.trim()));
  if (at < 0) unexpected('show license summary: no License/Entitlement Tag/Count/Status header', text);
  // Above the table: `License Usage:`, and on older releases the registration summary (`Status: ...`).
  const before = lines
    .slice(0, at)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const stray = before.find((l) => !/^(?:Smart Licensing is \w+|[A-Z][\w ()/-]*:(?:\s.*)?)$/.test(l));
  if (stray !== undefined) unexpected(`show license summary: unrecognised line: ${stray}`, text);
  const licenses: LicenseUsage[] = [];
  for (const raw of lines.slice(at + 1)) {
    const line = raw.trim();
    if (line === '' || /^-+$/.test(line)) continue;
    const m = ROW.exec(line);
    if (!m) unexpected(`show license summary: unrecognised line: ${line}`, text);
    licenses.push({ license: m[1]!, entitlementTag: m[2], count: int(m[3]!), status: m[4]! });
  }
  return { licenses };
}
