/**
 * ntc-templates mappings for the commands the deeper pre/post diff reads: interfaces, routes, CDP/LLDP
 * neighbours, HSRP, environment, modules and StackWise Virtual.
 */
import type {
  ShowCdpNeighborsDetail,
  ShowEnvironment,
  ShowInterfaces,
  ShowIpRoute,
  ShowLldpNeighborsDetail,
  ShowModule,
  ShowStandby,
  ShowSwitchVirtual,
} from '../../../../src/devices/iosxe/parsers/index.js';
import { Facts, list, str, type Json } from './corpus-support.js';

type Mapping = (records: Json[], result: never) => Facts;

function showInterfaces(records: Json[], r: ShowInterfaces): Facts {
  const f = new Facts();
  f.always('interface count', records.length, r.interfaces.length);
  records.forEach((e, i) => {
    const itf = r.interfaces[i];
    const c = itf?.counters;
    const name = str(e.interface);
    f.add(`#${i} name`, name, itf?.name);
    f.add(`${name} status`, e.link_status, itf?.status);
    f.add(
      `${name} protocol`,
      e.protocol_status,
      itf && (itf.portState ? `${itf.protocol} (${itf.portState})` : itf.protocol),
    );
    f.add(`${name} hardware`, e.hardware_type, itf?.hardware);
    f.add(`${name} mac`, e.mac_address, itf?.macAddress);
    f.add(`${name} bia`, e.bia, itf?.bia);
    f.add(`${name} description`, e.description, itf?.description);
    f.add(`${name} ip`, e.ip_address, itf?.ipAddress);
    f.add(`${name} prefix length`, e.prefix_length, itf?.prefixLength);
    f.add(`${name} mtu`, e.mtu, itf?.mtu);
    f.add(
      `${name} bandwidth`,
      e.bandwidth,
      itf?.bandwidthKbit === undefined ? undefined : `${itf.bandwidthKbit} Kbit`,
    );
    f.add(`${name} delay`, e.delay, itf?.delayUsec === undefined ? undefined : `${itf.delayUsec} usec`);
    f.add(`${name} encapsulation`, e.encapsulation, itf?.encapsulation);
    f.add(`${name} duplex`, e.duplex, itf?.duplex);
    f.add(`${name} speed`, e.speed, itf?.speed);
    f.add(`${name} media type`, e.media_type, itf?.mediaType);
    f.add(`${name} last input`, e.last_input, itf?.lastInput);
    f.add(`${name} last output`, e.last_output, itf?.lastOutput);
    f.add(`${name} input rate`, e.input_rate, itf?.inputRateBps);
    f.add(`${name} output rate`, e.output_rate, itf?.outputRateBps);
    f.add(`${name} input pps`, e.input_pps, itf?.inputPps);
    f.add(`${name} output pps`, e.output_pps, itf?.outputPps);
    f.add(`${name} input packets`, e.input_packets, c?.inputPackets);
    f.add(`${name} output packets`, e.output_packets, c?.outputPackets);
    f.add(`${name} input errors`, e.input_errors, c?.inputErrors);
    f.add(`${name} crc`, e.crc, c?.crc);
    f.add(`${name} frame`, e.frame, c?.frame);
    f.add(`${name} overrun`, e.overrun, c?.overrun);
    f.add(`${name} abort`, e.abort, c?.abort);
    f.add(`${name} runts`, e.runts, c?.runts);
    f.add(`${name} giants`, e.giants, c?.giants);
    f.add(`${name} output errors`, e.output_errors, c?.outputErrors);
    f.add(`${name} input queue drops`, e.queue_drops, c?.inputQueueDrops);
    f.add(`${name} output drops`, e.queue_output_drops, c?.outputDrops);
  });
  return f;
}

function showIpRoute(records: Json[], r: ShowIpRoute): Facts {
  const f = new Facts();
  // ntc-templates gives one record per next hop, in output order.
  const hops = r.tables.flatMap((t) =>
    t.routes.flatMap((route) => route.nextHops.map((hop) => ({ vrf: t.vrf, route, hop }))),
  );
  f.always('next hop count', records.length, hops.length);
  records.forEach((e, i) => {
    const h = hops[i];
    const at = `#${i} ${str(e.network)}/${str(e.prefix_length)}`;
    f.add(`${at} network`, e.network, h?.route.network);
    f.add(`${at} prefix length`, e.prefix_length, h?.route.prefixLength);
    f.add(`${at} protocol`, e.protocol, h?.route.code);
    f.add(`${at} type`, e.type, h?.route.type);
    f.add(`${at} flag`, e.flag, h?.route.candidateDefault ? '*' : undefined);
    f.add(`${at} distance`, e.distance, h?.route.distance);
    f.add(`${at} metric`, e.metric, h?.route.metric);
    f.add(`${at} next hop`, e.nexthop_ip, h?.hop.address);
    f.add(`${at} next hop interface`, e.nexthop_if, h?.hop.interface);
    f.add(`${at} next hop vrf`, e.nexthop_vrf, h?.hop.vrf);
    f.add(`${at} uptime`, e.uptime, h?.hop.age);
    f.add(`${at} vrf`, e.vrf, h?.vrf);
  });
  return f;
}

function cdpNeighbors(records: Json[], r: ShowCdpNeighborsDetail): Facts {
  const f = new Facts();
  f.always('neighbour count', records.length, r.neighbors.length);
  records.forEach((e, i) => {
    const n = r.neighbors[i];
    const at = `#${i} ${str(e.neighbor_name)}`;
    f.add(`${at} device id`, e.neighbor_name, n?.deviceId);
    f.add(`${at} local interface`, e.local_interface, n?.localInterface);
    f.add(`${at} port id`, e.neighbor_interface, n?.portId);
    f.add(`${at} platform`, e.platform, n?.platform);
    f.add(`${at} capabilities`, e.capabilities, n?.capabilities);
    // ntc-templates reports the first address the neighbour announced.
    f.add(`${at} address`, e.mgmt_address, n?.addresses[0] ?? n?.managementAddresses[0]);
    f.add(`${at} version`, e.neighbor_description, n?.version);
  });
  return f;
}

function lldpNeighbors(records: Json[], r: ShowLldpNeighborsDetail): Facts {
  const f = new Facts();
  f.always('neighbour count', records.length, r.neighbors.length);
  records.forEach((e, i) => {
    const n = r.neighbors[i];
    const at = `#${i} ${str(e.chassis_id)}`;
    f.add(`${at} local interface`, e.local_interface, n?.localInterface);
    f.add(`${at} chassis id`, e.chassis_id, n?.chassisId);
    f.add(`${at} port id`, e.neighbor_port_id, n?.portId);
    f.add(`${at} port description`, e.neighbor_interface, n?.portDescription);
    f.add(`${at} system name`, e.neighbor_name, n?.systemName);
    f.add(`${at} system description`, e.neighbor_description, n?.systemDescription);
    f.add(`${at} capabilities`, e.capabilities, n?.enabledCapabilities);
    f.add(`${at} management address`, e.mgmt_address, n?.managementAddresses[0]);
    f.add(`${at} vlan`, e.vlan_id, n?.vlanId);
    f.add(`${at} peer source mac`, e.mac_address, n?.peerSourceMac);
    f.add(`${at} model`, e.platform, n?.model);
    f.add(`${at} serial`, e.serial, n?.serial);
    f.add(`${at} manufacturer`, e.manufacturer, n?.manufacturer);
  });
  return f;
}

function showStandby(records: Json[], r: ShowStandby): Facts {
  const f = new Facts();
  f.always('group count', records.length, r.groups.length);
  records.forEach((e, i) => {
    const g = r.groups[i];
    const at = `${str(e.interface)} group ${str(e.group)}`;
    f.add(`${at} interface`, e.interface, g?.interface);
    f.add(`${at} group`, e.group, g?.group);
    f.add(`${at} version`, e.version, g?.version);
    f.add(`${at} state`, e.state, g?.state);
    f.add(`${at} virtual ip`, e.virtual_ip, g?.virtualIp);
    f.always(`${at} secondary ips`, list(e.secondary_ips).join(','), g?.secondaryIps.join(','));
    f.add(`${at} active virtual mac`, e.active_virtual_mac, g?.activeVirtualMac);
    f.add(`${at} hello`, e.hello_time, g?.helloSeconds);
    f.add(`${at} hold`, e.hold_time, g?.holdSeconds);
    f.add(
      `${at} preemption`,
      e.preemption,
      g?.preemption === undefined ? undefined : g.preemption ? 'enabled' : 'disabled',
    );
    f.add(`${at} active router`, e.active_router, g?.activeRouter);
    f.add(`${at} active router priority`, e.active_router_priority, g?.activeRouterPriority);
    f.add(`${at} standby router`, e.standby_router, g?.standbyRouter);
    f.add(`${at} standby router priority`, e.standby_router_priority, g?.standbyRouterPriority);
    f.add(`${at} priority`, e.priority, g?.priority);
    f.add(`${at} group name`, e.group_name, g?.groupName);
    f.add(`${at} last state change`, e.state_last_change, g?.lastStateChange);
    // Not compared: `state_changes`, which ntc-templates captures one digit of (`14 state changes` -> 4).
  });
  return f;
}

function environmentPower(records: Json[], r: ShowEnvironment): Facts {
  const f = new Facts();
  f.always('power supply count', records.length, r.powerSupplies.length);
  records.forEach((e, i) => {
    const p = r.powerSupplies[i];
    const at = `PS ${str(e.ps_module)}`;
    f.add(`${at} slot`, e.ps_module, p?.slot);
    f.add(`${at} pid`, e.pid, p ? (p.pid ?? (p.present ? undefined : 'Not Present')) : undefined);
    f.add(`${at} serial`, e.serial, p?.serial);
    f.add(`${at} status`, e.status, p?.status);
    f.add(`${at} system power`, e.sys_pwr, p?.systemPower);
    f.add(`${at} poe power`, e.poe_pwr, p?.poePower);
    f.add(`${at} watts`, e.watts, p?.watts);
  });
  return f;
}

function environmentTemperature(records: Json[], r: ShowEnvironment): Facts {
  const f = new Facts();
  for (const e of records) {
    const unit = str(e.switch);
    const of = (sensor: string) => r.temperatures.find((t) => t.unit === unit && t.sensor === sensor);
    f.add(`switch ${unit} system`, e.switch_temperature, of('System')?.state);
    for (const [key, sensor] of [
      ['inlet', 'Inlet'],
      ['hotspot', 'Hotspot'],
    ] as const) {
      const t = of(sensor);
      f.add(`switch ${unit} ${key} value`, e[`${key}_temperature_value`], t?.celsius);
      f.add(`switch ${unit} ${key} state`, e[`${key}_temperature_state`], t?.state);
      f.add(`switch ${unit} ${key} yellow`, e[`${key}_yellow_threshold`], t?.yellowThreshold);
      f.add(`switch ${unit} ${key} red`, e[`${key}_red_threshold`], t?.redThreshold);
    }
  }
  return f;
}

function showModule(records: Json[], r: ShowModule): Facts {
  const f = new Facts();
  f.always('module count', records.length, r.modules.length);
  for (const e of records) {
    const m = r.modules.find((x) => String(x.module) === str(e.module));
    const at = `module ${str(e.module)}`;
    f.add(`${at} ports`, e.port, m?.ports);
    // A card IOS cannot identify prints `Unknown Module` and no model: ntc-templates splits those two words.
    const unidentified = m !== undefined && m.model === undefined && m.cardType !== undefined;
    f.add(`${at} card type`, unidentified ? `${str(e.cardtype)} ${str(e.model)}` : e.cardtype, m?.cardType);
    if (!unidentified) f.add(`${at} model`, e.model, m?.model);
    f.add(`${at} serial`, e.serial, m?.serial);
    f.add(`${at} mac`, e.mac_address, m?.macAddress);
    f.add(`${at} hw`, e.mod_hw, m?.hardware);
    f.add(`${at} fw`, e.mod_fw, m?.firmware);
    f.add(`${at} sw`, e.mod_sw, m?.software);
    f.add(`${at} status`, e.status, m?.status);
  }
  return f;
}

function switchVirtual(records: Json[], r: ShowSwitchVirtual): Facts {
  const f = new Facts();
  f.always('member count', records.length, r.members.length);
  for (const e of records) {
    const m = r.members.find((x) => String(x.switch) === str(e.switch));
    const at = `switch ${str(e.switch)}`;
    f.add(`${at} role`, e.role, m?.role);
    f.add(`${at} peer`, e.peer_switch, m?.peerSwitch);
    f.add(`${at} peer role`, e.peer_role, m?.peerRole);
    f.add(`${at} mode`, e.mode, m?.mode);
    f.add(`${at} domain`, e.domain, m?.domain);
  }
  return f;
}

export const NTC_NETWORK_MAPPINGS: Record<string, Mapping> = {
  'show interfaces': showInterfaces as Mapping,
  'show ip route': showIpRoute as Mapping,
  'show cdp neighbors detail': cdpNeighbors as Mapping,
  'show lldp neighbors detail': lldpNeighbors as Mapping,
  'show standby': showStandby as Mapping,
  'show module': showModule as Mapping,
  'show switch virtual': switchVirtual as Mapping,
};

/** `show environment` is one parser; which facts a sample has depends on the form captured. */
export function environmentMapping(command: string): Mapping {
  return (/temperature/.test(command) ? environmentTemperature : environmentPower) as Mapping;
}
