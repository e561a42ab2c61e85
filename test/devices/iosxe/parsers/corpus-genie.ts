/**
 * How genieparser's nested dicts map onto warroom's parser results, per command. Each mapping returns the
 * facts to compare.
 */
import type {
  BgpSummary,
  DirListing,
  ShowBoot,
  ShowBootMember,
  ShowInstall,
  ShowInventory,
  ShowIpInterfaceBrief,
  ShowPlatform,
  ShowProcessesCpu,
  ShowRedundancy,
  ShowSwitch,
  ShowVersion,
} from '../../../../src/devices/iosxe/parsers/index.js';
import { Facts, asplain, findObjects, list, obj, str, type Json } from './corpus-support.js';

type Mapping = (expected: Json, result: never) => Facts;

function showVersion(e: Json, r: ShowVersion): Facts {
  const f = new Facts();
  const v = obj(e.version);
  f.add('version', v.version, r.iosVersion);
  f.add('xe version', v.xe_version, r.version);
  f.add('os', v.os, r.os);
  f.add('image id', v.image_id, r.imageId);
  f.add('hostname', v.hostname, r.hostname);
  f.add('uptime', v.uptime, r.uptime);
  f.add('system image', v.system_image, r.imageFile);
  f.add('chassis', v.chassis, r.platform);
  f.add('chassis serial', v.chassis_sn, r.processorBoardId);
  f.add('config register', v.curr_config_register, r.configRegister);
  f.add('next config register', v.next_config_register, r.nextConfigRegister);
  // genieparser prefers `Last reset from` over `Last reload reason` when both are printed.
  f.add('last reload reason', v.last_reload_reason, r.lastResetFrom ?? r.lastReloadReason);
  f.add('returned to ROM by', v.returned_to_rom_by, r.returnedToRomBy);
  f.add('restarted at', v.system_restarted_at, r.restartedAt);
  const members = obj(v.switch_num);
  // genieparser only builds members for stacks; warroom also reports a lone switch's detail block.
  if (Object.keys(members).length > 0)
    f.always('member count', Object.keys(members).length, r.members.length);
  for (const [n, raw] of Object.entries(members)) {
    const s = obj(raw);
    const m = r.members.find((x) => String(x.switch) === n);
    f.add(`switch ${n} sw version`, s.sw_ver, m?.swVersion);
    f.add(`switch ${n} model`, s.model, m?.model);
    f.add(`switch ${n} ports`, s.ports, m?.ports);
    f.add(`switch ${n} sw image`, s.sw_image, m?.swImage);
    f.add(`switch ${n} mode`, s.mode, m?.mode, true);
    f.add(`switch ${n} mac`, s.mac_address, m?.macAddress);
    f.add(`switch ${n} system serial`, s.system_sn, m?.serialNumber);
    f.add(`switch ${n} model number`, s.model_num, m?.modelNumber);
    f.add(`switch ${n} motherboard serial`, s.mb_sn, m?.motherboardSerialNumber);
    // genieparser gives the member this output came from the control processor's uptime.
    f.add(`switch ${n} uptime`, s.uptime, m?.uptime ?? (m?.current ? r.controlProcessorUptime : undefined));
    f.add(`switch ${n} active`, s.active, m?.current);
  }
  return f;
}

// genieparser writes interface names in full; the device (and warroom) print them as they are.
const INTERFACE_PREFIXES: Record<string, string> = {
  Te: 'TenGigabitEthernet',
  Tw: 'TwoGigabitEthernet',
  Fo: 'FortyGigabitEthernet',
  Hu: 'HundredGigE',
  Gi: 'GigabitEthernet',
  Fa: 'FastEthernet',
};

function fullInterfaceName(name: string): string {
  const m = /^([A-Za-z]{2})(\d.*)$/.exec(name);
  const full = m ? INTERFACE_PREFIXES[m[1]!] : undefined;
  return full ? `${full}${m![2]!}` : name;
}

function ipInterfaceBrief(e: Json, r: ShowIpInterfaceBrief): Facts {
  const f = new Facts();
  const interfaces = obj(e.interface);
  f.always('interface count', Object.keys(interfaces).length, r.interfaces.length);
  for (const [name, raw] of Object.entries(interfaces)) {
    const x = obj(raw);
    // ... and capitalised (`ucse1/0/0` becomes `Ucse1/0/0`).
    const i = r.interfaces.find((y) => fullInterfaceName(y.name).toLowerCase() === name.toLowerCase());
    f.add(`interface ${name}`, name, i && fullInterfaceName(i.name), true);
    f.add(`${name} ip`, x.ip_address, i ? (i.ipAddress ?? 'unassigned') : undefined);
    f.add(`${name} ok`, x.interface_is_ok, i ? (i.ok ? 'YES' : 'NO') : undefined);
    f.add(`${name} method`, x.method, i?.method);
    f.add(`${name} status`, x.status, i?.status);
    f.add(`${name} protocol`, x.protocol, i?.protocol);
  }
  return f;
}

function bgpSummary(e: Json, r: BgpSummary): Facts {
  const f = new Facts();
  let count = 0;
  for (const vrf of Object.values(obj(e.vrf))) {
    for (const [address, rawNeighbor] of Object.entries(obj(obj(vrf).neighbor))) {
      for (const [afName, rawAf] of Object.entries(obj(obj(rawNeighbor).address_family))) {
        count += 1;
        const x = obj(rawAf);
        const n = r.neighbors.find(
          (y) =>
            y.address === address &&
            (y.addressFamily === undefined || y.addressFamily.toLowerCase() === afName),
        );
        const family = r.addressFamilies.find((y) => y.name === n?.addressFamily && y.routerId !== undefined);
        const at = `${afName} ${address}`;
        f.add(`${at} address`, address, n?.address);
        f.add(`${at} remote AS`, x.as, n?.remoteAs);
        f.add(`${at} local AS`, asplain(x.local_as), family?.localAs);
        f.add(`${at} router id`, x.route_identifier, family?.routerId);
        f.add(`${at} up/down`, x.up_down, n?.upDown);
        f.add(`${at} state/pfx`, x.state_pfxrcd, n?.prefixesReceived ?? n?.state);
        f.add(`${at} msg rcvd`, x.msg_rcvd, n?.messagesReceived);
        f.add(`${at} msg sent`, x.msg_sent, n?.messagesSent);
        f.add(`${at} version`, x.version, n?.version);
      }
    }
  }
  f.always('neighbour count', count, r.neighbors.length);
  f.add('local AS', asplain(e.bgp_id), r.localAs);
  return f;
}

function dir(e: Json, r: DirListing): Facts {
  const f = new Facts();
  const d = obj(e.dir);
  const name = str(d.dir);
  const listing = obj(d[name ?? '']);
  f.add('directory', name, r.directory);
  f.add('total bytes', listing.bytes_total, r.totalBytes);
  f.add('free bytes', listing.bytes_free, r.freeBytes);
  const files = obj(listing.files);
  f.always('file count', Object.keys(files).length, r.files.length);
  for (const [fileName, raw] of Object.entries(files)) {
    const x = obj(raw);
    const file = r.files.find((y) => y.name === fileName);
    f.add(`file ${fileName}`, fileName, file?.name);
    f.add(`${fileName} size`, x.size, file?.size);
    f.add(`${fileName} date`, x.last_modified_date, file?.date);
    f.add(`${fileName} permissions`, x.permissions, file?.permissions);
    f.add(`${fileName} index`, x.index, file?.index);
  }
  return f;
}

function autoAbortText(r: ShowInstall): string | undefined {
  const t = r.autoAbortTimer;
  if (!t) return undefined;
  return t.active ? `active${t.operation ? ` on ${t.operation}` : ''}` : 'inactive';
}

function showInstall(e: Json, r: ShowInstall): Facts {
  const f = new Facts();
  f.add('auto abort timer', e.abort_timer, autoAbortText(r));
  if (e.inactive_package !== undefined) f.always('no packages', 0, r.packages.length);
  for (const [location, raw] of Object.entries(obj(e.location))) {
    const x = obj(raw);
    const section = r.sections.find((s) => s.location === location);
    f.add(`${location} section`, location, section?.location);
    f.add(`${location} auto abort timer`, x.auto_abort_timer, autoAbortText(r));
    f.add(`${location} time before rollback`, x.time_before_rollback, r.autoAbortTimer?.remaining);
    const pkgs = Object.entries(obj(x.pkg_state));
    f.always(`${location} package count`, pkgs.length, section?.packages.length);
    for (const [n, rawPkg] of pkgs) {
      const p = obj(rawPkg);
      const mine = section?.packages[Number(n) - 1];
      f.add(`${location} package ${n} type`, p.type, mine?.type);
      f.add(`${location} package ${n} state`, p.state, mine?.state);
      f.add(`${location} package ${n} filename`, p.filename_version, mine?.filenameVersion);
    }
  }
  // `show install committed` / `inactive`: keyed by filename/version.
  const byName = { ...obj(e.committed), ...obj(obj(e.inactive).version) };
  for (const [name, rawPkg] of Object.entries(byName)) {
    const p = obj(rawPkg);
    const mine = r.packages.find((x) => x.filenameVersion === name);
    f.add(`package ${name}`, name, mine?.filenameVersion);
    f.add(`package ${name} type`, p.type, mine?.type);
    f.add(`package ${name} state`, p.state, mine?.state);
  }
  return f;
}

const stripSemicolon = (v: unknown): string | undefined => str(v)?.replace(/;\s*$/, '');

function bootFacts(f: Facts, at: string, x: Json, m: ShowBootMember | ShowBoot | undefined): void {
  const yes = (v: unknown): unknown => (typeof v === 'boolean' ? v : undefined);
  f.add(`${at} boot path list`, stripSemicolon(x.boot_path_list), stripSemicolon(m?.nextBootVariableText));
  f.add(`${at} boot variable`, stripSemicolon(x.boot_variable), stripSemicolon(m?.nextBootVariableText));
  f.add(
    `${at} next reload boot`,
    stripSemicolon(x.next_reload_boot_variable),
    stripSemicolon(m?.nextBootVariableText),
  );
  f.add(`${at} current boot`, stripSemicolon(x.current_boot_variable), m?.currentBootVariable?.join(';'));
  f.add(`${at} manual boot`, yes(x.manual_boot ?? x.standby_manual_boot), m?.manualBoot);
  f.add(`${at} enable break`, yes(x.enable_break), m?.enableBreak);
  f.add(`${at} config file`, x.config_file, m?.configFile);
  f.add(`${at} boot mode`, x.boot_mode, m?.bootMode, true);
  f.add(`${at} config register`, x.configuration_register, m?.configRegister);
  f.add(`${at} next config register`, x.next_reload_configuration_register, m?.nextConfigRegister);
}

function showBoot(e: Json, r: ShowBoot): Facts {
  const f = new Facts();
  bootFacts(f, 'top', e, r);
  if (e.active !== undefined)
    bootFacts(
      f,
      'active',
      obj(e.active),
      r.members.find((m) => m.role === 'active'),
    );
  if (e.standby !== undefined)
    bootFacts(
      f,
      'standby',
      obj(e.standby),
      r.members.find((m) => m.role === 'standby'),
    );
  for (const [n, raw] of Object.entries(obj(e.switches))) {
    bootFacts(
      f,
      `switch ${n}`,
      obj(raw),
      r.members.find((m) => m.switch === Number(n)),
    );
  }
  return f;
}

function showInventory(e: Json, r: ShowInventory): Facts {
  const f = new Facts();
  const found = findObjects(e, ['name', 'pid']);
  for (const { value: x } of found) {
    const item = r.items.find((i) => i.name === str(x.name) && (i.pid ?? '') === str(x.pid));
    const at = `${str(x.name)} (${str(x.pid)})`;
    f.add(`${at} present`, x.name, item?.name);
    f.add(`${at} descr`, x.descr, item?.description);
    f.add(`${at} vid`, x.vid, item?.vid);
    f.add(`${at} sn`, x.sn, item?.serialNumber);
  }
  f.always('some items checked', true, found.length > 0);
  return f;
}

function processesCpu(e: Json, r: ShowProcessesCpu): Facts {
  const f = new Facts();
  f.add('5 sec', e.five_sec_cpu_total, r.cpu?.fiveSeconds);
  f.add('5 sec interrupts', e.five_sec_cpu_interrupts, r.cpu?.fiveSecondsInterrupt);
  f.add('1 min', e.one_min_cpu, r.cpu?.oneMinute);
  f.add('5 min', e.five_min_cpu, r.cpu?.fiveMinutes);
  for (const [n, raw] of Object.entries(obj(e.core))) {
    const x = obj(raw);
    const core = r.cores.find((c) => String(c.core) === n);
    f.add(`core ${n} 5 sec`, x.five_sec_cpu_total, core?.fiveSeconds);
    f.add(`core ${n} 1 min`, x.one_min_cpu, core?.oneMinute);
    f.add(`core ${n} 5 min`, x.five_min_cpu, core?.fiveMinutes);
  }
  for (const name of list(e.zero_cpu_processes).map(str)) {
    const p = r.processes.find(
      (x) => x.name === name && x.fiveSeconds === 0 && x.oneMinute === 0 && x.fiveMinutes === 0,
    );
    f.add(`idle process ${name}`, name, p?.name);
  }
  for (const name of list(e.nonzero_cpu_processes).map(str)) {
    const p = r.processes.find((x) => x.name === name && x.fiveSeconds + x.oneMinute + x.fiveMinutes > 0);
    f.add(`busy process ${name}`, name, p?.name);
  }
  return f;
}

function stateOf(value: unknown): string | undefined {
  return str(value)?.replace(/^\d+\s*-\s*/, '');
}

function showRedundancy(e: Json, r: ShowRedundancy): Facts {
  const f = new Facts();
  const s = obj(e.red_sys_info);
  f.add('uptime', s.available_system_uptime, r.uptime);
  f.add('switchovers', s.switchovers_system_experienced, r.switchovers);
  f.add('standby failures', s.standby_failures, r.standbyFailures);
  f.add('last switchover reason', s.last_switchover_reason, r.lastSwitchoverReason);
  f.add('hardware mode', s.hw_mode ?? e.mode, r.hardwareMode);
  f.add('configured mode', s.conf_red_mode ?? e.redundancy_mode_configured, r.configuredMode);
  f.add('operating mode', s.oper_red_mode ?? e.redundancy_mode_operational, r.operatingMode);
  f.add('maintenance mode', s.maint_mode ?? e.maintenance_mode, r.maintenanceMode);
  f.add('communications', s.communications ?? e.communications, r.communications);
  f.add('communications reason', s.communications_reason ?? e.communications_reason, r.communicationsReason);
  f.add('my state', stateOf(e.my_state), r.myState);
  f.add('peer state', stateOf(e.peer_state), r.peerState);
  f.add('unit', e.unit, r.unit);
  f.add('unit id', e.unit_id, r.unitId);
  f.add('redundancy state', e.redundancy_state, r.redundancyState);
  for (const [location, raw] of Object.entries(obj(e.slot))) {
    const x = obj(raw);
    const p = r.processors.find((y) => y.location === location);
    f.add(`${location} state`, x.curr_sw_state, p?.state);
    f.add(`${location} uptime`, x.uptime_in_curr_state, p?.uptime);
    f.add(`${location} image`, x.image_ver, p?.imageVersion);
    f.add(`${location} boot`, x.boot, p?.boot);
    f.add(`${location} config register`, x.config_register, p?.configRegister);
  }
  return f;
}

function showSwitch(e: Json, r: ShowSwitch): Facts {
  const f = new Facts();
  const s = obj(e.switch);
  f.add('stack mac', s.mac_address, r.stackMacAddress);
  f.add('mac persistency', s.mac_persistency_wait_time, r.macPersistencyWaitTime, true);
  const stack = obj(s.stack);
  f.always('member count', Object.keys(stack).length, r.members.length);
  for (const [n, raw] of Object.entries(stack)) {
    const x = obj(raw);
    const m = r.members.find((y) => String(y.switch) === n);
    f.add(`switch ${n} role`, x.role, m?.role, true);
    f.add(`switch ${n} state`, x.state, m?.state, true);
    f.add(`switch ${n} priority`, x.priority, m?.priority);
    f.add(`switch ${n} hw version`, x.hw_ver, m?.hwVersion);
    f.add(`switch ${n} mac`, x.mac_address, m?.macAddress);
    for (const [port, rawPort] of Object.entries(obj(x.ports))) {
      const p = obj(rawPort);
      const mine = m?.stackPorts.find((y) => String(y.port) === port);
      f.add(`switch ${n} port ${port} status`, p.stack_port_status, mine?.status, true);
      f.add(
        `switch ${n} port ${port} neighbour`,
        p.neighbors_num,
        mine ? (mine.neighbor ?? 'None') : undefined,
      );
    }
  }
  return f;
}

function showPlatform(e: Json, r: ShowPlatform): Facts {
  const f = new Facts();
  f.add('chassis', obj(e.main).chassis, r.chassisType);
  let checked = 0;
  for (const [slot, byClass] of Object.entries(obj(e.slot))) {
    for (const entries of Object.values(obj(byClass))) {
      for (const raw of Object.values(obj(entries))) {
        const x = obj(raw);
        checked += 1;
        if (x.ports !== undefined) {
          const s = r.switches.find((y) => String(y.switch) === slot);
          f.add(`switch ${slot} model`, x.name, s?.model);
          f.add(`switch ${slot} serial`, x.sn, s?.serialNumber);
          f.add(`switch ${slot} mac`, x.mac_address, s?.macAddress);
          f.add(`switch ${slot} hw`, x.hw_ver, s?.hwVersion);
          f.add(`switch ${slot} sw`, x.sw_ver, s?.swVersion);
          f.add(`switch ${slot} role`, x.swstack_role, s?.role);
          f.add(`switch ${slot} priority`, x.swstack_priority, s?.priority);
          f.add(`switch ${slot} state`, x.state, s?.state);
          continue;
        }
        if (x.state !== undefined) slotFacts(f, slot, x, r);
        for (const [sub, subEntries] of Object.entries(obj(x.subslot))) {
          for (const subRaw of Object.values(obj(subEntries))) slotFacts(f, `${slot}/${sub}`, obj(subRaw), r);
        }
      }
    }
  }
  f.always('some slots checked', true, checked > 0);
  return f;
}

function slotFacts(f: Facts, slot: string, x: Json, r: ShowPlatform): void {
  const s = r.slots.find((y) => y.slot === slot);
  f.add(`slot ${slot}`, slot, s?.slot);
  f.add(`slot ${slot} type`, x.name, s?.type);
  f.add(`slot ${slot} state`, x.state, s?.state);
  f.add(`slot ${slot} insert time`, x.insert_time, s?.insertTime);
  f.add(`slot ${slot} cpld`, x.cpld_ver, s?.cpldVersion);
  f.add(`slot ${slot} firmware`, x.fw_ver, s?.firmwareVersion);
}

/** By warroom's canonical command (as `findParser` names it). */
export const GENIE_MAPPINGS: Record<string, Mapping> = {
  'show version': showVersion as Mapping,
  'show ip interface brief': ipInterfaceBrief as Mapping,
  'show bgp summary': bgpSummary as Mapping,
  dir: dir as Mapping,
  'show install summary': showInstall as Mapping,
  'show boot': showBoot as Mapping,
  'show inventory': showInventory as Mapping,
  'show processes cpu': processesCpu as Mapping,
  'show redundancy': showRedundancy as Mapping,
  'show switch': showSwitch as Mapping,
  'show platform': showPlatform as Mapping,
};
