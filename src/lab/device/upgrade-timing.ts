/**
 * How much device time a lab device itself spends in an install-mode upgrade (procedures/iosxe-upgrade.yml):
 * the same per-member phases, transfer pacing, verify speed and boot time the simulated commands sleep for,
 * added up without running them. Benchmarks use it as the floor a run is compared with: whatever a real
 * run takes beyond this is warroom's overhead (SSH, prompts, polling, SQLite) or the machine's.
 *
 * Pure: it builds the device's starting state from its inventory entry and reads the lab's own constants.
 */
import type { CatalogueImage, InventoryHost } from '../../inventory/schema.js';
import { COMMAND_LATENCY_MS } from './cli/dispatch.js';
import { RELOAD_DROP_MS } from './lab-device.js';
import { buildInitialState } from './model/build-state.js';
import type { DeviceState } from './model/device-state.js';
import { packagesFor, provisioningFileFor } from './model/packages.js';
import { ACTIVATE_MS_PER_MEMBER, COMMIT_MS_PER_MEMBER } from './ops/install-activate.js';
import { ADD_MS_PER_MEMBER } from './ops/install-add.js';
import { SCAN_BYTES_PER_MS } from './ops/verify-command.js';
import { installLocations } from './render/install.js';
import { runningConfigFile } from './render/config-text.js';

/** Device time of `install remove inactive`'s cleanup phase per member (ops/install-remove.ts). */
const POST_REMOVE_MS_PER_MEMBER = 2_000;
/** Bytes per device ms when `install add` copies the .bin to the other stack members (ops/install-add.ts). */
const STACK_SYNC_BYTES_PER_MS = 10_000;
/** A config backup's fixed cost and bytes per device ms (ops/copy-command.ts). */
const BACKUP_FIXED_MS = 200;
const BACKUP_BYTES_PER_MS = 50;

export interface UpgradeDeviceTime {
  /** Device ms of each part of the upgrade, in the order the procedure runs them. */
  parts: {
    removeInactive: number;
    backup: number;
    /** `copy scp: flash:` at the host's `lab.link_kbps`. */
    copy: number;
    /** One `verify /md5` of the image. */
    verify: number;
    installAdd: number;
    /** `install activate`'s per-member phase, before the reload. */
    activate: number;
    /** From the reload until SSH answers again: the session drop delay and the boot. */
    reload: number;
    commit: number;
    /** `commands` times the latency every command has before it answers. */
    commands: number;
  };
  totalMs: number;
}

/**
 * The device time an install-mode upgrade of `host` to `image` takes on a lab device with no faults,
 * starting from the state the lab builds from the inventory. `commands` (how many CLI commands the run
 * sends, when known) adds each command's fixed latency.
 */
export function expectedUpgradeDeviceMs(
  host: InventoryHost,
  image: CatalogueImage,
  catalogue: readonly CatalogueImage[],
  options: { commands?: number } = {},
): UpgradeDeviceTime {
  // The starting state only depends on `now` through uptimes and timestamps, never through durations.
  const state = buildInitialState(host, catalogue, 0);
  const members = installLocations(state).length;
  const stackSync =
    state.hw.shape === 'stack' && state.members.length > 1 ? image.size / STACK_SYNC_BYTES_PER_MS : 0;
  const bootMs = (host.lab.boot_seconds ?? state.profile.bootSeconds) * 1000;
  const parts: UpgradeDeviceTime['parts'] = {
    removeInactive: removesSomething(state) ? POST_REMOVE_MS_PER_MEMBER * members : 0,
    backup: BACKUP_FIXED_MS + Buffer.byteLength(runningConfigFile(state)) / BACKUP_BYTES_PER_MS,
    copy: image.size / host.lab.link_kbps,
    verify: image.size / SCAN_BYTES_PER_MS,
    installAdd: stackSync + ADD_MS_PER_MEMBER * members,
    activate: ACTIVATE_MS_PER_MEMBER * members,
    reload: RELOAD_DROP_MS + bootMs,
    commit: COMMIT_MS_PER_MEMBER * members,
    commands: (options.commands ?? 0) * COMMAND_LATENCY_MS,
  };
  const totalMs = Object.values(parts).reduce((a, b) => a + b, 0);
  return { parts, totalMs };
}

/** Whether `install remove inactive` finds files to delete (and so runs its cleanup phase). */
function removesSomething(state: DeviceState): boolean {
  const inUse = new Set<string>(['packages.conf']);
  const keep = new Set(state.install.images.filter((i) => i.state !== 'I').map((i) => i.version));
  if (state.bootMode === 'install') keep.add(state.version);
  const files = [...state.flash.files.values()];
  for (const v of keep) {
    const bin = files.find((f) => f.version === v && f.name.endsWith('.bin'));
    for (const p of packagesFor(state.profile, v, bin?.size ?? 3_000_000)) inUse.add(p.name);
    inUse.add(provisioningFileFor(state.profile, v));
  }
  if (state.bootMode === 'bundle') inUse.add(state.bootedFrom.replace(/^[a-z]+:/i, ''));
  return files.some(
    (f) => !f.directory && (f.version !== undefined || f.name === 'packages.conf') && !inUse.has(f.name),
  );
}
