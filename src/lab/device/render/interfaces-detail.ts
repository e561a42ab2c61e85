/**
 * `show interfaces [X]` and `show ip interface [X]` (corpus/show_interfaces: a header line per interface,
 * then its indented detail). Counters grow with the time since boot at a rate seeded per port, so they are
 * the same on every start and reset at a reload, as on a real box.
 */
import type { InterfaceConfig } from '../model/config.js';
import { maskBits } from '../model/config.js';
import type { DeviceState, InterfaceRuntime } from '../model/device-state.js';
import { macPlus, seeded } from '../model/seed.js';
import { interfaceStatus } from './interfaces.js';
import { findByName } from '../model/by-name.js';

interface PortKind {
  hardware: string;
  bandwidthKbit: number;
  speed: string;
  media: string;
  optical: boolean;
}

function portKind(state: DeviceState, itf: InterfaceConfig): PortKind {
  const name = itf.name;
  const router = state.hw.shape === 'router';
  const optical = (hardware: string, kbit: number, speed: string, media: string): PortKind => ({
    hardware,
    bandwidthKbit: kbit,
    speed,
    media,
    optical: true,
  });
  if (/^HundredGigE/.test(name))
    return optical('Hundred Gigabit Ethernet', 100_000_000, '100Gb/s', 'QSFP 100G SR4');
  if (/^FortyGigabitEthernet/.test(name))
    return optical('Forty Gigabit Ethernet', 40_000_000, '40Gb/s', 'QSFP 40G SR4');
  if (/^TwentyFiveGigE/.test(name))
    return optical('Twenty Five Gigabit Ethernet', 25_000_000, '25Gb/s', 'SFP-25GBase-SR');
  if (/^TenGigabitEthernet/.test(name))
    return optical('Ten Gigabit Ethernet', 10_000_000, '10Gb/s', 'SFP-10GBase-SR');
  if (name === state.hw.mgmtPort)
    return {
      hardware: 'RP management port',
      bandwidthKbit: 1_000_000,
      speed: '1000Mb/s',
      media: 'RJ45',
      optical: false,
    };
  const hardware = router
    ? state.hw.family === 'asr1000'
      ? 'BUILT-IN-2T+6X1GE'
      : `${state.hw.model.replace(/\/K9$/, '')}-4x1GE`
    : 'Gigabit Ethernet';
  return {
    hardware,
    bandwidthKbit: 1_000_000,
    speed: '1000Mb/s',
    media: router ? 'RJ45' : '10/100/1000BaseTX',
    optical: false,
  };
}

const isPhysical = (rt: InterfaceRuntime | undefined): boolean =>
  rt?.kind === 'physical' || rt?.kind === 'mgmt';

/** The `(connected)` a switch port adds after its state. */
function portState(state: DeviceState, itf: InterfaceConfig, rt: InterfaceRuntime | undefined): string {
  if (state.hw.shape === 'router' || rt?.kind !== 'physical' || itf.routed) return '';
  const st = interfaceStatus(itf, rt);
  return st.status === 'administratively down'
    ? ' (disabled)'
    : st.protocol === 'up'
      ? ' (connected)'
      : ' (notconnect)';
}

/** Traffic since boot: a seeded rate, busier on uplinks, nothing on a port that is down. */
function traffic(state: DeviceState, itf: InterfaceConfig, up: boolean, now: number) {
  const seconds = Math.max(1, Math.floor((now - state.bootedAt) / 1000));
  const seed = seeded(`traffic:${state.host.name}:${itf.name}`);
  const uplink = !!itf.address || /Uplink|WAN|LAN/.test(itf.description ?? '');
  const inBps = !up ? 0 : uplink ? 20_000_000 + (seed % 400_000_000) : seed % 3_000_000;
  const outBps = !up ? 0 : Math.round(inBps * (0.6 + (seed % 70) / 100));
  const pps = (bps: number): number => Math.round(bps / 8 / 640);
  // One port in twelve of an access switch sees a few CRC errors a day (a tired patch cable).
  const crc = up && !uplink && seed % 12 === 5 ? Math.floor(seconds / 86_400) * ((seed % 3) + 1) : 0;
  return {
    inBps,
    outBps,
    inPps: pps(inBps),
    outPps: pps(outBps),
    inPackets: pps(inBps) * seconds,
    outPackets: pps(outBps) * seconds,
    inBytes: Math.round(inBps / 8) * seconds,
    outBytes: Math.round(outBps / 8) * seconds,
    crc,
    outputDrops: uplink && up ? seed % 40 : 0,
    resets: seed % 4,
  };
}

function interfaceBlock(state: DeviceState, itf: InterfaceConfig, index: number, now: number): string[] {
  const rt = findByName(state.interfaces, itf.name);
  const st = interfaceStatus(itf, rt);
  const up = st.protocol === 'up';
  const kind = portKind(state, itf);
  const mac = macPlus(state.baseMac, index + 1);
  const t = traffic(state, itf, up, now);
  const lines = [`${itf.name} is ${st.status}, line protocol is ${st.protocol}${portState(state, itf, rt)} `];
  const hardware =
    rt?.kind === 'vlan' ? 'Ethernet SVI' : rt?.kind === 'loopback' ? 'Loopback' : kind.hardware;
  lines.push(
    rt?.kind === 'loopback'
      ? `  Hardware is ${hardware}`
      : `  Hardware is ${hardware}, address is ${mac} (bia ${mac})`,
  );
  if (itf.description) lines.push(`  Description: ${itf.description}`);
  if (itf.address) lines.push(`  Internet address is ${itf.address.ip}/${maskBits(itf.address.mask)}`);
  const bw = rt?.kind === 'loopback' ? 8_000_000 : kind.bandwidthKbit;
  lines.push(
    `  MTU ${rt?.kind === 'loopback' ? 1514 : 1500} bytes, BW ${bw} Kbit/sec, DLY ${rt?.kind === 'loopback' ? 5000 : 10} usec, `,
  );
  lines.push('     reliability 255/255, txload 1/255, rxload 1/255');
  lines.push(`  Encapsulation ${rt?.kind === 'loopback' ? 'LOOPBACK' : 'ARPA'}, loopback not set`);
  lines.push(isPhysical(rt) ? '  Keepalive set (10 sec)' : '  Keepalive not supported ');
  if (isPhysical(rt)) {
    lines.push(
      up
        ? `  Full-duplex, ${kind.speed}, ${kind.optical ? 'link type is auto, ' : ''}media type is ${kind.media}`
        : `  ${kind.optical ? 'Full-duplex' : 'Auto-duplex'}, ${kind.optical ? kind.speed : 'Auto-speed'}, ${kind.optical ? 'link type is auto, ' : ''}media type is ${kind.media}`,
    );
    lines.push('  input flow-control is on, output flow-control is unsupported ');
  }
  lines.push('  ARP type: ARPA, ARP Timeout 04:00:00');
  lines.push(
    up
      ? '  Last input 00:00:00, output 00:00:00, output hang never'
      : '  Last input never, output never, output hang never',
  );
  lines.push('  Last clearing of "show interface" counters never');
  lines.push(`  Input queue: 0/2000/0/0 (size/max/drops/flushes); Total output drops: ${t.outputDrops}`);
  lines.push('  Queueing strategy: fifo');
  lines.push('  Output queue: 0/40 (size/max)');
  lines.push(`  5 minute input rate ${t.inBps} bits/sec, ${t.inPps} packets/sec`);
  lines.push(`  5 minute output rate ${t.outBps} bits/sec, ${t.outPps} packets/sec`);
  lines.push(`     ${t.inPackets} packets input, ${t.inBytes} bytes, 0 no buffer`);
  lines.push(
    `     Received ${Math.floor(t.inPackets / 200)} broadcasts (${Math.floor(t.inPackets / 90)} multicasts)`,
  );
  lines.push('     0 runts, 0 giants, 0 throttles ');
  lines.push(`     ${t.crc} input errors, ${t.crc} CRC, 0 frame, 0 overrun, 0 ignored`);
  if (isPhysical(rt)) {
    lines.push(`     0 watchdog, ${Math.floor(t.inPackets / 90)} multicast, 0 pause input`);
    lines.push('     0 input packets with dribble condition detected');
  }
  lines.push(`     ${t.outPackets} packets output, ${t.outBytes} bytes, 0 underruns`);
  lines.push(
    `     Output ${Math.floor(t.outPackets / 300)} broadcasts (${Math.floor(t.outPackets / 120)} multicasts)`,
  );
  lines.push(`     0 output errors, 0 collisions, ${t.resets} interface resets`);
  lines.push('     0 unknown protocol drops');
  if (isPhysical(rt)) {
    lines.push('     0 babbles, 0 late collision, 0 deferred');
    lines.push('     0 lost carrier, 0 no carrier, 0 pause output');
  }
  lines.push('     0 output buffer failures, 0 output buffers swapped out');
  return lines;
}

/** `show interfaces`, or one interface's block when `name` is given (undefined when it does not exist). */
export function renderShowInterfaces(state: DeviceState, now: number, name?: string): string | undefined {
  const all = state.running.interfaces;
  const picked = name === undefined ? all : all.filter((i) => i.name === name);
  if (picked.length === 0) return undefined;
  return picked.flatMap((itf) => interfaceBlock(state, itf, all.indexOf(itf), now)).join('\n') + '\n';
}

function ipInterfaceBlock(state: DeviceState, itf: InterfaceConfig): string[] {
  const rt = findByName(state.interfaces, itf.name);
  const st = interfaceStatus(itf, rt);
  const lines = [`${itf.name} is ${st.status}, line protocol is ${st.protocol}`];
  if (!itf.address) {
    lines.push('  Internet protocol processing disabled');
    return lines;
  }
  const saved = findByName(state.startup.interfaces, itf.name)?.address;
  lines.push(
    `  Internet address is ${itf.address.ip}/${maskBits(itf.address.mask)}`,
    '  Broadcast address is 255.255.255.255',
    `  Address determined by ${saved?.ip === itf.address.ip ? 'non-volatile memory' : 'setup command'}`,
    '  MTU is 1500 bytes',
    '  Helper address is not set',
    '  Directed broadcast forwarding is disabled',
    ...(state.network.hsrp.some((g) => g.interface === itf.name)
      ? ['  Multicast reserved groups joined: 224.0.0.102']
      : []),
    '  Outgoing Common access list is not set ',
    '  Outgoing access list is not set',
    '  Inbound Common access list is not set ',
    '  Inbound  access list is not set',
    '  Proxy ARP is enabled',
    '  Local Proxy ARP is disabled',
    '  Security level is default',
    '  Split horizon is enabled',
    '  ICMP redirects are always sent',
    '  ICMP unreachables are always sent',
    '  ICMP mask replies are never sent',
    '  IP fast switching is enabled',
    '  IP Flow switching is disabled',
    '  IP CEF switching is enabled',
    '  IP CEF switching turbo vector',
    '  IP Null turbo vector',
    ...(itf.vrf ? [`  VPN Routing/Forwarding "${itf.vrf}"`] : []),
    '  Associated unicast routing topologies:',
    '        Topology "base", operation state is UP',
    '  IP multicast fast switching is enabled',
    '  IP multicast distributed fast switching is disabled',
    '  IP route-cache flags are Fast, CEF',
    '  Router Discovery is disabled',
    '  IP output packet accounting is disabled',
    '  IP access violation accounting is disabled',
    '  TCP/IP header compression is disabled',
    '  RTP/IP header compression is disabled',
    '  Probe proxy name replies are disabled',
    '  Policy routing is disabled',
    '  Network address translation is disabled',
    '  BGP Policy Mapping is disabled',
    '  Input features: MCI Check',
    '  IPv4 WCCP Redirect outbound is disabled',
    '  IPv4 WCCP Redirect inbound is disabled',
    '  IPv4 WCCP Redirect exclude is disabled',
  );
  return lines;
}

/** `show ip interface`, or one interface (undefined when it does not exist). */
export function renderShowIpInterface(state: DeviceState, name?: string): string | undefined {
  const picked = state.running.interfaces.filter((i) => name === undefined || i.name === name);
  if (picked.length === 0) return undefined;
  return picked.flatMap((itf) => ipInterfaceBlock(state, itf)).join('\n') + '\n';
}
