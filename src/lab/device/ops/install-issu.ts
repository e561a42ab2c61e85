/**
 * `install add file X activate issu commit` on an SSO pair (Catalyst 9400/9600 dual supervisors, 9500
 * StackWise Virtual): the standby reloads on the new image, the pair switches over (this session drops,
 * the device answers again a few seconds later on the new active), then the old active reloads as the new
 * standby and the image is committed, all while the box stays up.
 */
import { compareVersions } from '../../../inventory/platforms.js';
import { pushLog } from '../model/log.js';
import type { DeviceRuntime } from '../runtime.js';
import { bootPackagesOf, markCommitted } from './install-activate.js';
import { askYesNo, fail, say, unitLabel, type InstallOp } from './install-common.js';

/** Device time from switchover until the new active answers SSH. */
const SWITCHOVER_MS = 20_000;

/** Why this box cannot do ISSU now, or undefined when it can. */
export function issuRefusal(rt: DeviceRuntime): string | undefined {
  const { state } = rt;
  const issu = state.profile.issu;
  if (!issu || state.host.redundancy !== issu.needs || state.redundancy.standbyUnit === undefined)
    return 'ISSU is not supported on this platform or redundancy configuration';
  if (compareVersions(state.version, issu.minRelease) < 0)
    return `ISSU is not supported from release ${state.version} (needs ${issu.minRelease} or later)`;
  if (state.redundancy.peerState !== 'STANDBY HOT')
    return 'Standby is not in STANDBY HOT state, ISSU cannot proceed';
  return undefined;
}

/** The ISSU activation; keeps the install lock until the background half commits. */
export async function activateIssu(op: InstallOp, version: string): Promise<void> {
  const { rt, io } = op.ctx;
  const { state } = rt;
  const refusal = issuRefusal(rt);
  if (refusal) return fail(op, refusal);
  if (!(await askYesNo(op, 'This operation may require a reload of the system. Do you want to proceed?')))
    return fail(op, 'Operation aborted by user');
  await say(op, `${op.name}: Activating ISSU`);
  await say(op, 'NOTE: Going to start Oper ISSU install process\n');
  await say(op, 'STEP 1: Restarting Standby');
  await say(op, '--- Starting standby reload ---');
  const r = state.redundancy;
  r.peerState = 'DISABLED';
  const standby = state.members.find((m) => m.number === r.standbyUnit);
  if (standby) standby.state = 'Initializing';
  pushLog(state, rt.now(), `%REDUNDANCY-3-STANDBY_LOST: Standby processor fault (PEER_NOT_PRESENT)`);
  await rt.work(rt.bootMs(), io.signal);
  if (standby) {
    standby.version = version;
    standby.bootedAt = rt.now();
    standby.state = 'Ready';
  }
  r.peerState = 'STANDBY HOT';
  r.standbySince = rt.now();
  pushLog(state, rt.now(), '%RF-5-RF_TERMINAL_STATE: Terminal state reached for (SSO)');
  await say(op, 'Finished standby reload\n');
  await say(op, 'STEP 2: Checking Standby state');
  await say(op, 'Finished standby hot check\n');
  await say(op, 'STEP 3: Switchover to new active');
  await say(op, '--- Starting switchover ---');
  bootPackagesOf(rt, version);
  for (const i of state.install.images) {
    if (i.version === version) i.state = 'U';
    else if (i.state === 'C') i.state = 'D';
  }
  // The rest happens after this session has dropped.
  state.install.busy = `${op.name} (ISSU)`;
  void finishIssu(rt, version).catch(() => undefined);
  await rt.sleep(1000, io.signal);
}

async function finishIssu(rt: DeviceRuntime, version: string): Promise<void> {
  const { state } = rt;
  const r = state.redundancy;
  state.reloads += 1;
  rt.setPower('booting');
  await rt.sleep(SWITCHOVER_MS);
  const oldActive = r.activeUnit;
  r.activeUnit = r.standbyUnit ?? oldActive;
  r.standbyUnit = oldActive;
  r.switchovers += 1;
  r.lastSwitchoverReason = 'user forced';
  r.activeSince = rt.now();
  r.peerState = 'DISABLED';
  for (const m of state.members) {
    if (m.number === r.activeUnit) m.role = 'Active';
    else if (m.number === r.standbyUnit) {
      m.role = 'Standby';
      // The former active is rebooting: not a Ready member until it is back.
      m.state = 'Initializing';
    }
  }
  state.version = version;
  state.bootMode = 'install';
  state.bootedFrom = `${state.flash.device}packages.conf`;
  state.bootVarAtBoot = [...state.bootVar];
  pushLog(
    state,
    rt.now(),
    `%REDUNDANCY-5-PEER_MONITOR_EVENT: Active detected a standby insertion (raw-event=PEER_FOUND(4))`,
  );
  rt.setPower('up');
  await rt.sleep(rt.bootMs());
  const old = state.members.find((m) => m.number === r.standbyUnit);
  if (old) {
    old.version = version;
    old.bootedAt = rt.now();
    old.state = 'Ready';
  }
  r.peerState = 'STANDBY HOT';
  r.standbySince = rt.now();
  pushLog(state, rt.now(), '%RF-5-RF_TERMINAL_STATE: Terminal state reached for (SSO)');
  markCommitted(rt);
  pushLog(
    state,
    rt.now(),
    `%INSTALL-5-INSTALL_COMPLETED_INFO: ${unitLabel(state)}: install_engine: Completed install add_activate_commit ISSU ${version}`,
  );
  delete state.install.busy;
}
