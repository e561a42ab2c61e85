/**
 * `show install summary` and its family (`show install state|committed|uncommitted|inactive|active`): the
 * packages per location with their install state, and the auto-abort timer that rolls back an activation
 * nobody committed.
 */
import { int, outputLines, unexpected } from './text.js';

/** I inactive, U activated & uncommitted, C activated & committed, D deactivated & uncommitted. */
export type InstallState = 'I' | 'U' | 'C' | 'D';

export interface InstallPackage {
  /** `IMG`, `SMU`, `APSP`, ... */
  type: string;
  state: InstallState;
  /** The `Filename/Version` column: `17.06.03.0.3629` for IMG, a file for SMU. */
  filenameVersion: string;
}

export interface InstallSection {
  /** Inside the brackets: `R0 R1`, `Switch 1 2 3 4`. */
  location: string;
  /** `Installed`, `Active`, `Committed`, `Inactive`, ... as in `[ R0 ] Installed Package(s) Information:`. */
  kind: string;
  packages: InstallPackage[];
}

export interface AutoAbortTimer {
  active: boolean;
  /** `install_activate` in `active on install_activate`. */
  operation: string | undefined;
  /** `01:49:42` as printed in `time before rollback - 01:49:42`. */
  remaining: string | undefined;
  remainingSeconds: number | undefined;
}

export interface ShowInstall {
  sections: InstallSection[];
  /** Every package of every section, in print order. */
  packages: InstallPackage[];
  /** Undefined when the output has no `Auto abort timer:` line. */
  autoAbortTimer: AutoAbortTimer | undefined;
  /** True when any package is activated but not committed (U) or deactivated but not committed (D). */
  uncommitted: boolean;
}

const SECTION = /^\[\s*(.+?)\s*\]\s+(\w+) Package\(s\) Information:$/;
const ROW = /^([A-Z][A-Z0-9_]*)\s+([IUCD])\s+(\S+)$/;
const AUTO_ABORT =
  /^Auto abort timer: (active|inactive)\b(?: on (\S+?))?\s*(?:,\s*time before rollback - (\d+):(\d{2}):(\d{2}))?\s*$/;
const IGNORED = [
  /^-+$/,
  /^State \(St\): I - Inactive, U - Activated & Uncommitted,$/,
  /^C - Activated & Committed, D - Deactivated & Uncommitted$/,
  /^Type\s+St\s+Filename\/Version$/,
];

/** Parses the `show install` family; throws `unexpected_output` on a line it does not recognise. */
export function parseShowInstall(text: string): ShowInstall {
  const sections: InstallSection[] = [];
  let section: InstallSection | undefined;
  let autoAbortTimer: AutoAbortTimer | undefined;
  let sawNoPackages = false;

  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '' || IGNORED.some((p) => p.test(line))) continue;
    let m: RegExpExecArray | null;
    if ((m = SECTION.exec(line))) {
      section = { location: m[1]!.replace(/\s+/g, ' '), kind: m[2]!, packages: [] };
      sections.push(section);
    } else if ((m = ROW.exec(line))) {
      if (!section) unexpected(`show install: package line before any [location] heading: ${line}`, text);
      section.packages.push({ type: m[1]!, state: m[2]! as InstallState, filenameVersion: m[3]! });
    } else if ((m = AUTO_ABORT.exec(line))) {
      const [, state, operation, h, min, s] = m;
      autoAbortTimer = {
        active: state === 'active',
        operation,
        remaining: h === undefined ? undefined : `${h}:${min}:${s}`,
        remainingSeconds: h === undefined ? undefined : int(h) * 3600 + int(min!) * 60 + int(s!),
      };
    } else if (/^No \w+ Packages?$/i.test(line)) sawNoPackages = true;
    else unexpected(`show install: unrecognised line: ${line}`, text);
  }
  if (sections.length === 0)
    unexpected('show install: no "[ location ] ... Package(s) Information:" heading', text);
  if (!sawNoPackages && sections.every((s) => s.packages.length === 0)) {
    unexpected('show install: no package lines', text);
  }
  const packages = sections.flatMap((s) => s.packages);
  return {
    sections,
    packages,
    autoAbortTimer,
    uncommitted: packages.some((p) => p.state === 'U' || p.state === 'D'),
  };
}
