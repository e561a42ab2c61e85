/**
 * How ntc-templates' records (flat, lower-case TextFSM names, every value a string) map onto warroom's
 * parser results, per command. Each mapping returns the facts to compare.
 */
import type {
  BgpSummary,
  DirListing,
  ShowBoot,
  ShowClock,
  ShowInventory,
  ShowIpInterfaceBrief,
  ShowLogging,
  ShowPlatform,
  ShowProcessesCpu,
  ShowRedundancy,
  ShowSwitch,
  ShowVersion,
} from '../../../../src/devices/iosxe/parsers/index.js';
import { Facts, asplain, obj, list, str, type Json } from './corpus-support.js';

type Mapping = (records: Json[], result: never) => Facts;

function showVersion(records: Json[], r: ShowVersion): Facts {
  const f = new Facts();
  const e = records[0] ?? {};
  f.always('record count', 1, records.length);
  f.add('version', e.version, r.iosVersion);
  f.add('hostname', e.hostname, r.hostname);
  f.add('uptime', e.uptime, r.uptime);
  f.add('running image', e.running_image, r.imageFile?.replace(/^[^:]+:/, ''));
  f.add('config register', e.config_register, r.configRegister);
  f.add('reload reason', e.reload_reason, r.lastReloadReason ?? r.returnedToRomBy);
  f.add('restarted', e.restarted, r.restartedAt);
  const hardware =
    r.members.length > 0 ? r.members.map((m) => m.model ?? m.modelNumber) : [r.platform].filter(Boolean);
  f.add('hardware', list(e.hardware), hardware);
  f.add('serials', list(e.serial), r.serialNumbers);
  return f;
}

function ipInterfaceBrief(records: Json[], r: ShowIpInterfaceBrief): Facts {
  const f = new Facts();
  f.always('interface count', records.length, r.interfaces.length);
  for (const e of records) {
    const name = str(e.interface);
    const i = r.interfaces.find((x) => x.name === name);
    f.add(`interface ${name}`, name, i?.name);
    f.add(`${name} ip`, e.ip_address, i ? (i.ipAddress ?? 'unassigned') : undefined);
    f.add(`${name} status`, e.status, i?.status);
    f.add(`${name} protocol`, e.proto, i?.protocol);
  }
  return f;
}

function bgpSummary(records: Json[], r: BgpSummary): Facts {
  const f = new Facts();
  f.always('neighbour count', records.length, r.neighbors.length);
  for (const e of records) {
    const address = str(e.bgp_neighbor);
    const af = str(e.address_family) || undefined;
    const n = r.neighbors.find((x) => x.address === address && (af === undefined || x.addressFamily === af));
    const family = r.addressFamilies.find((x) => x.name === (n?.addressFamily ?? x.name) && x.routerId);
    const at = `${af ?? ''} ${address}`;
    f.add(`${at} address`, address, n?.address);
    f.add(`${at} remote AS`, asplain(e.neighbor_as), n?.remoteAs);
    f.add(`${at} local AS`, asplain(e.local_as), family?.localAs);
    f.add(`${at} router id`, e.router_id, family?.routerId);
    f.add(`${at} up/down`, e.up_down, n?.upDown);
    f.add(`${at} state/pfx`, e.state_or_prefixes_received, n?.prefixesReceived ?? n?.state);
    f.add(`${at} msg rcvd`, e.messages_received, n?.messagesReceived);
    f.add(`${at} msg sent`, e.messages_sent, n?.messagesSent);
    f.add(`${at} table version`, e.table_version, n?.tableVersion);
  }
  return f;
}

function dir(records: Json[], r: DirListing): Facts {
  const f = new Facts();
  const withName = records.filter((e) => str(e.name));
  f.always('file count', withName.length, r.files.length);
  const first = records[0] ?? {};
  f.add('directory', first.file_system, r.directory);
  f.add('total bytes', first.total_size, r.totalBytes);
  f.add('free bytes', first.total_free, r.freeBytes);
  withName.forEach((e, i) => {
    const file = r.files[i];
    f.add(`file ${i} name`, e.name, file?.name);
    f.add(`${str(e.name)} size`, e.size, file?.size);
    f.add(`${str(e.name)} date`, e.date_time, file?.date);
    f.add(`${str(e.name)} permissions`, e.permissions, file?.permissions);
    f.add(`${str(e.name)} index`, e.id, file?.index);
  });
  return f;
}

function showBoot(records: Json[], r: ShowBoot): Facts {
  const f = new Facts();
  records.forEach((e, i) => {
    const sw = str(e.switch_number) || undefined;
    const m = sw ? r.members.find((x) => x.switch === Number(sw)) : r.members[i];
    const yes = (v: boolean | undefined): string | undefined =>
      v === undefined ? undefined : v ? 'yes' : 'no';
    f.add(`member ${i} boot path`, e.boot_path, m?.nextBootVariableText);
    f.add(`member ${i} manual boot`, e.manual_boot, yes(m?.manualBoot));
    f.add(`member ${i} enable break`, e.enable_break, yes(m?.enableBreak));
    f.add(`member ${i} config file`, e.config_file, m?.configFile);
    f.add(`member ${i} boot mode`, e.boot_mode, m?.bootMode);
    const current = str(e.current_boot_variables);
    if (current === 'BOOT variable does not exist')
      f.always(`member ${i} current boot`, undefined, m?.currentBootVariable);
    else f.add(`member ${i} current boot`, current, m?.currentBootVariable?.join(';'));
  });
  return f;
}

function showInventory(records: Json[], r: ShowInventory): Facts {
  const f = new Facts();
  f.always('item count', records.length, r.items.length);
  records.forEach((e, i) => {
    const item = r.items[i];
    f.add(`item ${i} name`, e.name, item?.name);
    f.add(`item ${i} descr`, e.descr, item?.description);
    f.add(`item ${i} pid`, e.pid, item?.pid);
    f.add(`item ${i} vid`, e.vid, item?.vid);
    f.add(`item ${i} sn`, e.sn, item?.serialNumber);
  });
  return f;
}

function processesCpu(records: Json[], r: ShowProcessesCpu): Facts {
  const f = new Facts();
  const first = records[0] ?? {};
  f.add('5 sec', first.cpu_usage_5_sec, r.cpu?.fiveSeconds);
  f.add('5 sec interrupt', first.cpu_interruption_5_sec, r.cpu?.fiveSecondsInterrupt);
  f.add('1 min', first.cpu_usage_1_min, r.cpu?.oneMinute);
  f.add('5 min', first.cpu_usage_5_min, r.cpu?.fiveMinutes);
  f.always('process count', records.length, r.processes.length);
  records.forEach((e, i) => {
    const p = r.processes[i];
    f.add(`process ${i} pid`, e.process_pid, p?.pid);
    f.add(`process ${i} name`, e.process_name, p?.name);
    f.add(`process ${i} runtime`, e.process_runtime, p?.runtimeMs);
    f.add(`process ${i} 5 sec`, Number(e.process_cpu_usage_5_sec), p?.fiveSeconds);
    f.add(`process ${i} 5 min`, Number(e.process_cpu_usage_5_min), p?.fiveMinutes);
  });
  return f;
}

function showRedundancy(records: Json[], r: ShowRedundancy): Facts {
  const f = new Facts();
  const e = records[0] ?? {};
  const active = r.processors.find((p) => p.role === 'active');
  const standby = r.processors.find((p) => p.role === 'standby');
  f.add('operating mode', e.operating_redundancy_mode, r.operatingMode);
  f.add('configured mode', e.configured_redundancy_mode, r.configuredMode);
  f.add('hardware mode', e.hardware_mode, r.hardwareMode);
  f.add('switchovers', e.switchovers, r.switchovers);
  f.add('standby failures', e.standby_failures, r.standbyFailures);
  f.add('last switchover reason', e.last_switchover_reason, r.lastSwitchoverReason);
  const comms = r.communicationsReason
    ? `${r.communications} Reason: ${r.communicationsReason}`
    : r.communications;
  f.add('communications', e.communication_status, comms);
  f.add('my state', e.active_software_state, r.myState);
  f.add('peer state', e.standby_software_state || e.standby_status, r.peerState);
  f.add('active slot', e.active_slot, active?.location.replace(/^(slot|Switch) /, ''));
  f.add('standby slot', e.standby_slot, standby?.location.replace(/^(slot|Switch) /, ''));
  const unit = (k: string): number => Number(str(e[`system_uptime_${k}`]) || 0);
  const seconds =
    unit('years') * 365 * 86400 +
    unit('weeks') * 7 * 86400 +
    unit('days') * 86400 +
    unit('hours') * 3600 +
    unit('minutes') * 60;
  f.add('uptime seconds', seconds || undefined, r.uptimeSeconds);
  return f;
}

function showSwitch(records: Json[], r: ShowSwitch): Facts {
  const f = new Facts();
  f.always('member count', records.length, r.members.length);
  for (const e of records) {
    const n = str(e.switch);
    const m = r.members.find((x) => String(x.switch) === n);
    f.add(`switch ${n}`, n, m?.switch);
    f.add(`switch ${n} role`, e.role, m?.role);
    f.add(`switch ${n} mac`, e.mac_address, m?.macAddress);
    f.add(`switch ${n} priority`, e.priority, m?.priority);
    f.add(`switch ${n} version`, e.version, m?.hwVersion);
    f.add(`switch ${n} state`, e.state, m?.state);
    f.add(`switch ${n} port 1`, e.status1, m?.stackPorts[0]?.status);
    f.add(`switch ${n} port 2`, e.status2, m?.stackPorts[1]?.status);
    const neighbor = (v: number | undefined): string | undefined =>
      m?.stackPorts.length ? String(v ?? 'None') : undefined;
    f.add(`switch ${n} neighbour 1`, e.neighbor1, neighbor(m?.stackPorts[0]?.neighbor));
    f.add(`switch ${n} neighbour 2`, e.neighbor2, neighbor(m?.stackPorts[1]?.neighbor));
  }
  return f;
}

function showPlatform(records: Json[], r: ShowPlatform): Facts {
  const f = new Facts();
  f.always('switch count', records.length, r.switches.length);
  for (const e of records) {
    const n = str(e.index);
    const s = r.switches.find((x) => String(x.switch) === n);
    f.add(`switch ${n} ports`, e.ports, s?.ports);
    f.add(`switch ${n} model`, e.model, s?.model);
    f.add(`switch ${n} serial`, e.serial, s?.serialNumber);
    f.add(`switch ${n} mac`, e.mac, s?.macAddress);
    f.add(`switch ${n} hw`, e.hardware_version, s?.hwVersion);
    f.add(`switch ${n} sw`, e.software_version, s?.swVersion);
  }
  return f;
}

function showLogging(records: Json[], r: ShowLogging): Facts {
  const f = new Facts();
  f.always('entry count', records.length, r.entries.length);
  records.forEach((e, i) => {
    const entry = r.entries[i];
    const syslog = str(e.severity) !== '';
    f.add(`entry ${i} sequence`, e.number, entry?.sequence);
    const stamp = [e.month, e.day, e.time, e.timezone].map(str).filter(Boolean).join(' ');
    f.add(`entry ${i} time`, stamp, entry?.timestamp?.replace(/^[*.]/, ''));
    const lines = list(e.message).map(str).join(' ');
    if (syslog) {
      f.add(`entry ${i} facility`, e.facility, entry?.facility);
      f.add(`entry ${i} severity`, e.severity, entry?.severity);
      f.add(`entry ${i} mnemonic`, e.mnemonic, entry?.mnemonic);
      f.add(`entry ${i} message`, lines, entry?.message);
    } else {
      // Not a syslog message (debug output): TextFSM splits `CEF-HWIDB: text` as if it were one.
      f.add(`entry ${i} text`, `${str(e.facility)}-${str(e.mnemonic)}: ${lines}`, entry?.message);
    }
  });
  return f;
}

function showClock(records: Json[], r: ShowClock): Facts {
  const f = new Facts();
  const e = records[0] ?? {};
  f.add('time', e.time, r.time);
  f.add('timezone', e.timezone, r.timezone);
  f.add('day of week', e.dayweek, r.dayOfWeek);
  f.add('month', e.month, r.month);
  f.add('day', e.day, r.day);
  f.add('year', e.year, r.year);
  return f;
}

/** By warroom's canonical command (as `findParser` names it). */
export const NTC_MAPPINGS: Record<string, Mapping> = {
  'show version': showVersion as Mapping,
  'show ip interface brief': ipInterfaceBrief as Mapping,
  'show bgp summary': bgpSummary as Mapping,
  dir: dir as Mapping,
  'show boot': showBoot as Mapping,
  'show inventory': showInventory as Mapping,
  'show processes cpu': processesCpu as Mapping,
  'show redundancy': showRedundancy as Mapping,
  'show switch': showSwitch as Mapping,
  'show platform': showPlatform as Mapping,
  'show logging': showLogging as Mapping,
  'show clock': showClock as Mapping,
};

export function ntcRecords(expected: unknown): Json[] {
  return list(expected).map(obj);
}
