/**
 * Which release pairs ISSU can cross. The support matrix in shared/seeds/001 ("ISSU Support Matrix",
 * "Decision Tree: ISSU vs. Non-ISSU") says ISSU works only "within specific release trains" and never for
 * "major version jumps"; Cisco's Catalyst 9000 ISSU compatibility tables allow an upgrade inside one
 * train or from one Extended Maintenance (EM) train to the next published EM train. These are the EM
 * trains, oldest first; a train not listed here is treated as not ISSU-compatible.
 */
import { compareVersions } from '../../inventory/platforms.js';

const ISSU_TRAINS: readonly string[] = ['16.9', '16.12', '17.3', '17.6', '17.9', '17.12', '17.15'];

/** `17.06.05` -> `17.6`. */
function releaseTrain(version: string): string {
  const [major, minor] = version.split('.');
  return `${parseInt(major ?? '0', 10)}.${parseInt(minor ?? '0', 10)}`;
}

export interface IssuVerdict {
  ok: boolean;
  /** Why, in words for the plan's reasons. */
  reason: string;
}

/**
 * Whether ISSU can take a box from `from` to `to` as far as releases go (platform and redundancy are the
 * planner's business). `minRelease` is the platform's first ISSU release from the support matrix.
 */
export function issuReleaseVerdict(from: string, to: string, minRelease: string): IssuVerdict {
  if (compareVersions(to, from) <= 0) {
    return { ok: false, reason: `ISSU only upgrades; ${to} is not newer than ${from}` };
  }
  if (compareVersions(from, minRelease) < 0) {
    return {
      ok: false,
      reason: `ISSU needs ${minRelease} or later on this platform; the device runs ${from}`,
    };
  }
  const a = releaseTrain(from);
  const b = releaseTrain(to);
  if (a === b) return { ok: true, reason: `${from} -> ${to} stays on the ${a} train` };
  const ia = ISSU_TRAINS.indexOf(a);
  const ib = ISSU_TRAINS.indexOf(b);
  if (ia < 0 || ib < 0) {
    return { ok: false, reason: `${ia < 0 ? a : b} is not an Extended Maintenance train in the ISSU matrix` };
  }
  if (ib === ia + 1) return { ok: true, reason: `${a} -> ${b} is the published next EM train` };
  return { ok: false, reason: `${a} -> ${b} skips EM trains; ISSU supports only the next EM train` };
}
