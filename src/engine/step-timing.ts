/**
 * How long a disruptive step takes on a platform, pure: what shared/IOSXE.md says devices take (boot
 * times per family, install add unpacking the image on every member, activation reloading), refined by
 * what this step took on hosts of the same model in earlier runs when there are enough of them. The
 * window is a hard limit: a host does not start a disruptive step that could not finish, rollback
 * included, before the window ends.
 */
import type { PlatformProfile } from '../inventory/platforms.js';
import type { CatalogueImage } from '../inventory/schema.js';
import type { Step } from '../procedures/index.js';

/** Unpacking an image into packages on flash, per member. */
const UNPACK_BYTES_PER_SECOND = 40 * 1024 * 1024;
/** Past durations needed before they replace the platform estimate. */
const MIN_SAMPLES = 3;

export interface TimingFacts {
  profile: PlatformProfile | undefined;
  image: CatalogueImage | undefined;
  /** Stack members or supervisors that each install the image (1 when unknown). */
  members: number;
}

/**
 * Seconds a step takes from the platform's timings; 0 for steps that change nothing on the device. With
 * `margin` (the default, for the window-end check) a reload counts half a boot more than the platform's.
 */
export function estimateStepSeconds(
  step: Step,
  facts: TimingFacts,
  options: { margin?: boolean } = {},
): number {
  const boot = facts.profile?.bootSeconds ?? 420;
  // The first boot of a new release may update microcode and reload once more: half a boot of margin.
  const reloadSeconds = Math.round(boot * (options.margin === false ? 1 : 1.5)) + 60;
  switch (step.kind) {
    case 'install':
      switch (step.action) {
        case 'remove_inactive':
          return 60 + 30 * facts.members;
        case 'add':
          return 120 + Math.round(((facts.image?.size ?? 1e9) / UNPACK_BYTES_PER_SECOND) * facts.members);
        case 'activate':
          return step.issu ? 2 * reloadSeconds + 120 : reloadSeconds + 120;
        case 'add_activate_commit':
          return (
            120 +
            Math.round(((facts.image?.size ?? 1e9) / UNPACK_BYTES_PER_SECOND) * facts.members) +
            (step.issu ? 2 * reloadSeconds : reloadSeconds) +
            120
          );
        case 'commit':
          return 60;
        case 'abort':
        case 'rollback':
          return reloadSeconds + 120;
      }
      return reloadSeconds;
    case 'reload':
      return reloadSeconds;
    case 'boot':
      return 30;
    default:
      return step.disruptive ? Math.round((step.timeout?.ms ?? 120_000) / 1000) : 0;
  }
}

/** The estimate, or the median of past durations (ms) once there are enough of them. */
export function expectedStepMs(step: Step, facts: TimingFacts, pastMs: readonly number[]): number {
  return pastMs.length >= MIN_SAMPLES ? medianMs(pastMs)! : estimateStepSeconds(step, facts) * 1000;
}

/** The median of some durations (the upper one of an even count), or undefined when there are none. */
export function medianMs(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Time the rollback needs: the longest disruptive rollback step (only one of `install abort` and
 * `install rollback` runs) plus a few minutes for the checks around it.
 */
export function expectedRollbackMs(rollback: readonly Step[], facts: TimingFacts): number {
  const longest = Math.max(
    0,
    ...rollback.filter((s) => s.disruptive).map((s) => estimateStepSeconds(s, facts)),
  );
  return longest === 0 ? 0 : (longest + 180) * 1000;
}

export type WindowFit = { fits: true } | { fits: false; reason: string };

/** Whether a step that takes `stepMs` (and `rollbackMs` if it goes wrong) can start at `now`. */
export function decideWindowFit(
  stepName: string,
  now: number,
  windowEnd: number,
  stepMs: number,
  rollbackMs: number,
): WindowFit {
  const need = stepMs + rollbackMs;
  if (now + need <= windowEnd) return { fits: true };
  const minutes = (ms: number): string => `${Math.max(0, Math.round(ms / 60_000))} min`;
  const left = windowEnd - now;
  return {
    fits: false,
    reason:
      `window_overrun: ${stepName} needs about ${minutes(stepMs)}` +
      (rollbackMs ? ` plus ${minutes(rollbackMs)} to roll back` : '') +
      `, and ${left > 0 ? `${minutes(left)} are left` : 'the window has ended'}: not started; the host waits for the next window`,
  };
}

/**
 * What a host's whole main section typically takes, from the platform's timings alone (ms): what the fleet
 * runner orders a wave's starts by. No reload margin: the margin is for a limit, and it would stretch the
 * gap between a slow-booting chassis and a stack that installs on more members. Equal for hosts of a
 * procedure with no disruptive step.
 */
export function expectedHostMs(steps: readonly Step[], facts: TimingFacts): number {
  return steps.reduce((sum, step) => sum + estimateStepSeconds(step, facts, { margin: false }), 0) * 1000;
}
