/**
 * What happens when the device boots: pick the image from the boot variable the way ROMMON does, load the
 * startup configuration, bring interfaces and BGP up, and apply the faults that show after a reload.
 */
import type { LabFault } from '../../../inventory/schema.js';
import { cloneConfig } from '../model/config.js';
import type { DeviceState } from '../model/device-state.js';
import { fileNameOf } from '../model/flash.js';
import { pushLog } from '../model/log.js';
import { packagesFor } from '../model/packages.js';
import type { FaultBook } from '../faults.js';

export interface BootChoice {
  version: string;
  mode: 'install' | 'bundle';
  from: string;
}

/** The image ROMMON would boot: the first boot variable entry that exists and is valid. */
function chooseBootImage(state: DeviceState): BootChoice | undefined {
  const { flash } = state;
  const entries = state.bootVar.length
    ? state.bootVar
    : // No BOOT variable: ROMMON tries the first image it finds on flash.
      [...flash.files.values()]
        .filter((f) => f.name.endsWith('.bin') && !f.directory)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((f) => `${flash.device}${f.name}`);
  for (const entry of entries) {
    const name = fileNameOf(entry.split(',')[0] ?? entry);
    const file = flash.files.get(name);
    if (!file || file.directory) continue;
    if (name.endsWith('.conf') && file.boots) {
      const version = file.boots;
      const bin = [...flash.files.values()].find((f) => f.version === version && f.name.endsWith('.bin'));
      const pkgs = packagesFor(state.profile, version, bin?.size ?? 3_000_000);
      if (pkgs.every((p) => flash.files.has(p.name)))
        return { version, mode: 'install', from: `${flash.device}${name}` };
      continue;
    }
    if (name.endsWith('.bin') && file.version && !file.corrupt)
      return { version: file.version, mode: 'bundle', from: `${flash.device}${name}` };
  }
  return undefined;
}

/**
 * Boots the device at `now`: returns false when no image can boot (the box sits in ROMMON). Faults that
 * show after a reload fire here: returns_old_version, stack_member_mismatch, bgp_neighbor_down,
 * interface_down, process_crash (the last three only when the version changed, i.e. during an upgrade,
 * except the down ones which apply to any reload).
 */
export function bootDevice(
  state: DeviceState,
  faults: FaultBook,
  now: number,
  reason: string,
  reloadStartedAt: number,
): boolean {
  const previous = state.version;
  let choice = chooseBootImage(state);
  if (!choice) return false;
  if (choice.version !== previous && faults.fire('returns_old_version')) {
    choice = revertToOldVersion(state, previous) ?? choice;
  }
  const upgraded = choice.version !== previous;
  state.version = choice.version;
  state.bootMode = choice.mode;
  state.bootedFrom = choice.from;
  state.bootVarAtBoot = [...state.bootVar];
  state.running = cloneConfig(state.startup);
  state.running.bootSystem = [...state.running.bootSystem];
  state.hostname = state.running.hostname;
  state.bootedAt = now;
  state.returnedToRomAt = reloadStartedAt;
  state.lastReloadReason = reason;
  for (const m of state.members) {
    m.version = choice.version;
    m.state = 'Ready';
    m.bootedAt = now;
  }
  if (upgraded && state.members.length > 1 && faults.fire('stack_member_mismatch')) {
    const last = state.members[state.members.length - 1];
    if (last) {
      last.version = previous;
      last.state = 'V-Mismatch';
    }
  }
  state.redundancy.activeSince = now;
  state.redundancy.standbySince = now + 60_000;
  state.redundancy.peerState = state.redundancy.sso ? 'STANDBY HOT' : 'DISABLED';
  if (state.members.some((m) => m.state === 'V-Mismatch') && state.members.length === 2)
    state.redundancy.peerState = 'DISABLED';

  const downItf = faults.fire('interface_down');
  const downPeer = faults.fire('bgp_neighbor_down');
  for (const itf of state.interfaces) {
    itf.lastChange = now;
    itf.faultDown = false;
  }
  for (const peer of state.bgp) {
    peer.faultDown = false;
    peer.upSince = now;
  }
  if (downItf) applyInterfaceDown(state, downItf);
  resetNetwork(state, now);
  applyNetworkFaults(state, faults);
  if (downPeer) {
    const peer = state.bgp.find((p) => p.address === downPeer.neighbor) ?? state.bgp[0];
    if (peer) {
      peer.faultDown = true;
      peer.upSince = undefined;
      peer.downSince = now;
    }
  }
  logBoot(state, now);
  if (upgraded && faults.fire('process_crash')) logCrash(state, now + 90_000);
  return true;
}

/** After a boot every adjacency, group and supply starts clean; faults then take away what they take. */
function resetNetwork(state: DeviceState, now: number): void {
  const net = state.network;
  for (const n of net.neighbors) n.lldpLost = false;
  for (const n of net.ospf?.neighbors ?? []) n.stuck = undefined;
  for (const peer of state.bgp) peer.withheld = 0;
  for (const g of net.hsrp) {
    g.active = true;
    g.peerPriority = Math.min(g.peerPriority, g.priority - 10);
    g.stateChanges += 2;
    g.lastChange = now + 60_000;
  }
  for (const p of net.power) p.failed = false;
}

function applyNetworkFaults(state: DeviceState, faults: FaultBook): void {
  const net = state.network;
  const lldp = faults.fire('lldp_neighbor_lost');
  if (lldp) {
    const wanted = lldp.interface?.toLowerCase();
    const target = wanted
      ? net.neighbors.find((n) => n.localInterface.toLowerCase() === wanted && n.lldp)
      : (net.neighbors.find((n) => n.lldp && (n.kind === 'switch' || n.kind === 'router')) ??
        net.neighbors.find((n) => n.lldp));
    if (target) target.lldpLost = true;
  }
  const ospf = faults.fire('ospf_neighbor_stuck');
  if (ospf && net.ospf) {
    for (const n of net.ospf.neighbors)
      if (!ospf.neighbor || n.neighborId === ospf.neighbor || n.address === ospf.neighbor)
        n.stuck = 'EXSTART';
  }
  const loss = faults.fire('route_loss');
  if (loss) {
    const peer = state.bgp.find((p) => p.address === loss.neighbor) ?? state.bgp[0];
    if (peer) peer.withheld = Math.round(peer.prefixes * (loss.fraction ?? 1 / 3));
  }
  if (faults.fire('hsrp_flip')) {
    for (const g of net.hsrp) {
      g.active = false;
      g.peerPriority = g.priority + 10;
      g.stateChanges += 1;
    }
  }
  const power = faults.fire('power_supply_failed');
  if (power) {
    const present = net.power.filter((p) => p.present);
    const target = power.slot ? present.find((p) => p.slot === power.slot) : present[present.length - 1];
    if (target) target.failed = true;
  }
}

function revertToOldVersion(state: DeviceState, old: string): BootChoice | undefined {
  const { flash } = state;
  const oldBin = [...flash.files.values()].find((f) => f.version === old && f.name.endsWith('.bin'));
  if (state.bootMode === 'install' || !oldBin) {
    const conf = flash.files.get('packages.conf');
    if (conf) conf.boots = old;
    for (const img of state.install.images) {
      if (img.version === old) img.state = 'C';
      else if (img.state === 'U' || img.state === 'C') img.state = 'I';
    }
    delete state.install.autoAbortAt;
    return { version: old, mode: state.bootMode, from: state.bootedFrom };
  }
  const entry = `${flash.device}${oldBin.name}`;
  state.bootVar = [entry, ...state.bootVar.filter((b) => b !== entry)];
  return { version: old, mode: 'bundle', from: entry };
}

function applyInterfaceDown(state: DeviceState, fault: LabFault): void {
  const wanted = fault.interface?.toLowerCase();
  const itf = wanted
    ? state.interfaces.find((i) => i.name.toLowerCase() === wanted)
    : // Default: the first interface that carries an address and is up (an uplink).
      state.interfaces.find((i) => {
        const cfg = state.startup.interfaces.find((c) => c.name === i.name);
        return i.kind === 'physical' && i.link && !!cfg?.address && !cfg.shutdown;
      });
  if (itf) itf.faultDown = true;
  // A BGP session over a dead link cannot come up either.
  const cfg = state.startup.interfaces.find((c) => c.name === itf?.name);
  if (cfg?.address) {
    const net = cfg.address.ip.split('.').slice(0, 3).join('.');
    for (const peer of state.bgp)
      if (peer.address.startsWith(`${net}.`)) {
        peer.faultDown = true;
        peer.upSince = undefined;
        peer.downSince = state.bootedAt;
      }
  }
}

/** The messages a boot leaves in the log. */
export function logBoot(state: DeviceState, at: number): void {
  let t = at - 60_000;
  const log = (text: string, step = 150): void => {
    pushLog(state, t, text);
    t += step;
  };
  const unit = state.hw.shape === 'stack' ? 'Switch 1 R0/0' : 'R0/0';
  log(`%IOSXE-3-PLATFORM: ${unit}: kernel: EXT2-fs (mmcblk0p1): warning: mounting unchecked fs`, 2000);
  log(`%BOOT-5-OPMODE_LOG: ${unit}: binos: System booted in AUTONOMOUS mode`, 3000);
  if (state.hw.shape === 'stack')
    for (const m of state.members.slice(1))
      log(
        `%STACKMGR-6-SWITCH_ADDED: Switch ${m.number} R0/0: stack_mgr: Switch ${m.number} has been added to the stack.`,
      );
  log('%SYS-5-RESTART: System restarted --', 500);
  log(
    `%SYS-6-BOOTTIME: Time taken to reboot after reload = ${Math.round((at - state.returnedToRomAt) / 1000)} seconds`,
  );
  for (const itf of state.interfaces) {
    const cfg = state.running.interfaces.find((c) => c.name === itf.name);
    if (!cfg || cfg.shutdown || !(cfg.address || cfg.description)) continue;
    const up = itf.link && !itf.faultDown;
    log(`%LINK-3-UPDOWN: Interface ${itf.name}, changed state to ${up ? 'up' : 'down'}`, 20);
    log(
      `%LINEPROTO-5-UPDOWN: Line protocol on Interface ${itf.name}, changed state to ${up ? 'up' : 'down'}`,
      20,
    );
  }
  if (state.redundancy.sso) {
    log(`%RF-5-RF_TERMINAL_STATE: Terminal state reached for (SSO)`, 1000);
  }
  t = Math.max(t, at);
  for (const peer of state.bgp)
    if (!peer.faultDown) log(`%BGP-5-ADJCHANGE: neighbor ${peer.address} Up `, 500);
  const { ospf, hsrp, power } = state.network;
  for (const n of ospf?.neighbors ?? [])
    if (!n.stuck)
      log(
        `%OSPF-5-ADJCHG: Process ${ospf!.processId}, Nbr ${n.neighborId} on ${n.interface} from LOADING to FULL, Loading Done`,
        300,
      );
  for (const g of hsrp)
    log(
      `%HSRP-5-STATECHANGE: ${g.interface} Grp ${g.group} state ${g.active ? 'Standby -> Active' : 'Speak -> Standby'}`,
      300,
    );
  for (const p of power.filter((x) => x.failed))
    log(
      `%IOSXE_PEM-3-PEMFAIL: The PEM in slot ${p.slot} is switched off or encountering a failure condition.`,
    );
}

/** A process crash during the upgrade: the messages and traceback operators look for. */
function logCrash(state: DeviceState, at: number): void {
  const unit = state.hw.shape === 'stack' ? 'Switch 1 R0/0' : 'R0/0';
  pushLog(
    state,
    at,
    `%PMAN-3-PROCHOLDDOWN: ${unit}: pvp: The process fman_fp_image has been helddown (rc 134)`,
  );
  // The traceback is a continuation line of the message, printed without a timestamp.
  pushLog(
    state,
    at + 120,
    '%SYS-2-WATCHDOG: Process aborted on watchdog timeout, process = IP Input.\n-Traceback= 1#3e4fa16ab8c97d3e5ab09fc1  :5585A2B3E000+A1F3C4C :5585A2B3E000+A1F2E10 :5585A2B3E000+7D1B3F4',
  );
  pushLog(
    state,
    at + 400,
    `%PLATFORM-4-ELEMENT_WARNING: ${unit}: smand: 1/RP/0: Used Memory value 91% exceeds warning level 88%`,
  );
}
