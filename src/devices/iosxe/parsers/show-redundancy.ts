/**
 * `show redundancy` and `show redundancy states`: whether a redundant pair (dual supervisors, StackWise
 * Virtual, a stack's standby) runs SSO and the peer is `STANDBY HOT`, which ISSU and every reload of a
 * redundant system need first.
 */
import { int, outputLines, parseUptimeSeconds, unexpected } from './text.js';

export interface RedundancyProcessor {
  role: 'active' | 'standby';
  /** `slot 1`, `slot 2/1`, `Switch 2`. */
  location: string;
  /** `Current Software state`: `ACTIVE`, `STANDBY HOT`. */
  state: string | undefined;
  uptime: string | undefined;
  uptimeSeconds: number | undefined;
  /** The first line of `Image Version`. */
  imageVersion: string | undefined;
  boot: string | undefined;
  configRegister: string | undefined;
}

export interface ShowRedundancy {
  /** `Available system uptime`. */
  uptime: string | undefined;
  uptimeSeconds: number | undefined;
  switchovers: number | undefined;
  standbyFailures: number | undefined;
  lastSwitchoverReason: string | undefined;
  /** `Hardware Mode` / `Mode`: `Duplex`, `Simplex`. */
  hardwareMode: string | undefined;
  /** `Configured Redundancy Mode` / `Redundancy Mode (Configured)`: `sso`, `Stateful Switchover`. */
  configuredMode: string | undefined;
  /** `Operating Redundancy Mode` / `Redundancy Mode (Operational)`: `sso`, `Non-redundant`. */
  operatingMode: string | undefined;
  maintenanceMode: string | undefined;
  /** `Up` / `Down`, without the reason. */
  communications: string | undefined;
  communicationsReason: string | undefined;
  /** This unit's state: `ACTIVE` (from `my state = 13 -ACTIVE` or the current processor block). */
  myState: string | undefined;
  /**
   * The peer's state: `STANDBY HOT`, or `DISABLED` when the peer block is missing because it is
   * disabled; undefined when the output does not say.
   */
  peerState: string | undefined;
  /** `show redundancy states` only. */
  unit: string | undefined;
  unitId: number | undefined;
  redundancyState: string | undefined;
  processors: RedundancyProcessor[];
}

const ASSIGN = /^([A-Za-z][\w ()/-]*?)\s*=\s*(.*)$/;
const PEER_MISSING = /^Peer \(slot: [^)]*\) information is not available because it is in '([^']+)' state$/;

/** Parses `show redundancy [states]`; throws `unexpected_output` when it names no mode and no state. */
export function parseShowRedundancy(text: string): ShowRedundancy {
  const r: ShowRedundancy = {
    uptime: undefined,
    uptimeSeconds: undefined,
    switchovers: undefined,
    standbyFailures: undefined,
    lastSwitchoverReason: undefined,
    hardwareMode: undefined,
    configuredMode: undefined,
    operatingMode: undefined,
    maintenanceMode: undefined,
    communications: undefined,
    communicationsReason: undefined,
    myState: undefined,
    peerState: undefined,
    unit: undefined,
    unitId: undefined,
    redundancyState: undefined,
    processors: [],
  };
  let processor: RedundancyProcessor | undefined;
  let section: 'system' | 'current' | 'peer' = 'system';

  for (const raw of outputLines(text)) {
    const line = raw.trim();
    if (line === '' || /^-+$/.test(line)) continue;
    let m: RegExpExecArray | null;
    if (/^Redundant System Information :$/.test(line)) {
      section = 'system';
      processor = undefined;
    } else if (/^Current Processor Information :$/.test(line)) {
      section = 'current';
      processor = undefined;
    } else if (/^Peer Processor Information :$/.test(line)) {
      section = 'peer';
      processor = undefined;
    } else if ((m = PEER_MISSING.exec(line))) r.peerState = m[1]!.trim();
    else if ((m = ASSIGN.exec(line))) {
      const key = m[1]!.trim().toLowerCase();
      const value = m[2]!.trim();
      if (key === 'active location' || key === 'standby location') {
        processor = {
          role: key.startsWith('active') ? 'active' : 'standby',
          location: value,
          state: undefined,
          uptime: undefined,
          uptimeSeconds: undefined,
          imageVersion: undefined,
          boot: undefined,
          configRegister: undefined,
        };
        r.processors.push(processor);
      } else if (section !== 'system' && processor) assignProcessor(processor, key, value);
      else assignSystem(r, key, value);
    }
    // Other lines continue the previous `Image Version` (copyright, compile date) or are informational.
  }

  const current = r.processors.find((p) => p.role === 'active');
  const peer = r.processors.find((p) => p.role === 'standby');
  r.myState ??= current?.state;
  if (peer?.state) r.peerState ??= peer.state;
  if (r.operatingMode === undefined && r.myState === undefined) {
    unexpected('show redundancy: no redundancy mode and no state', text);
  }
  return r;
}

function assignProcessor(p: RedundancyProcessor, key: string, value: string): void {
  if (key === 'current software state') p.state = value;
  else if (key === 'uptime in current state') {
    p.uptime = value;
    p.uptimeSeconds = parseUptimeSeconds(value);
  } else if (key === 'image version') p.imageVersion = value;
  else if (key === 'boot') p.boot = value === '' ? undefined : value;
  else if (key === 'configuration register') p.configRegister = value;
}

/** `13 -ACTIVE` -> `ACTIVE`; `8  -STANDBY HOT` -> `STANDBY HOT`. */
function stateName(value: string): string {
  return value.replace(/^\d+\s*-\s*/, '').trim();
}

function assignSystem(r: ShowRedundancy, key: string, value: string): void {
  switch (key) {
    case 'available system uptime':
      r.uptime = value;
      r.uptimeSeconds = parseUptimeSeconds(value);
      break;
    case 'switchovers system experienced':
      if (/^\d+$/.test(value)) r.switchovers = int(value);
      break;
    case 'standby failures':
      if (/^\d+$/.test(value)) r.standbyFailures = int(value);
      break;
    case 'last switchover reason':
      r.lastSwitchoverReason = value;
      break;
    case 'hardware mode':
    case 'mode':
      r.hardwareMode = value;
      break;
    case 'configured redundancy mode':
    case 'redundancy mode (configured)':
      r.configuredMode = value;
      break;
    case 'operating redundancy mode':
    case 'redundancy mode (operational)':
      r.operatingMode = value;
      break;
    case 'maintenance mode':
      r.maintenanceMode = value;
      break;
    case 'communications': {
      const m = /^(\S+)(?:\s+Reason:\s*(.*))?$/.exec(value);
      r.communications = m?.[1] ?? value;
      r.communicationsReason = m?.[2]?.trim() || undefined;
      break;
    }
    case 'my state':
      r.myState = stateName(value);
      break;
    case 'peer state':
      r.peerState = stateName(value);
      break;
    case 'unit':
      r.unit = value;
      break;
    case 'unit id':
      if (/^\d+$/.test(value)) r.unitId = int(value);
      break;
    case 'redundancy state':
      r.redundancyState = value;
      break;
    default:
      break;
  }
}
