/**
 * The configuration as structured data (so config mode can change an interface and `show ip interface
 * brief` follows) and its rendering as IOS-XE text. Running and startup are two copies of this.
 */

export interface InterfaceConfig {
  name: string;
  description?: string;
  address?: { ip: string; mask: string };
  shutdown: boolean;
  /** Routed port on a switch (`no switchport`). */
  routed?: boolean;
  vrf?: string;
  /** Lines the operator added that the model does not interpret, kept verbatim. */
  extra: string[];
}

export interface BgpNeighborConfig {
  address: string;
  remoteAs: number;
  description?: string;
  shutdown: boolean;
}

export interface BgpConfig {
  asn: number;
  routerId: string;
  neighbors: BgpNeighborConfig[];
  extra: string[];
}

/** A top-level config line with its indented children, kept verbatim. */
export interface ConfigSection {
  line: string;
  children: string[];
}

export interface DeviceConfig {
  hostname: string;
  username: string;
  bootSystem: string[];
  interfaces: InterfaceConfig[];
  bgp?: BgpConfig;
  staticRoutes: string[];
  scpServer: boolean;
  extra: ConfigSection[];
}

export function cloneConfig(config: DeviceConfig): DeviceConfig {
  return structuredClone(config);
}

export function configsEqual(a: DeviceConfig, b: DeviceConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface ConfigRenderContext {
  /** `17.6` from `17.06.05`. */
  train: string;
  family: string;
  switchModel?: { members: number; model: string };
  enableHash: string;
  userHash: string;
  mgmtVrf: string;
}

/** The config body from `version` to `end`, as IOS prints it (LF line ends). */
export function renderConfigBody(config: DeviceConfig, ctx: ConfigRenderContext): string[] {
  const out: string[] = [];
  const bang = (): void => {
    out.push('!');
  };
  out.push(`version ${ctx.train}`);
  out.push('service timestamps debug datetime msec');
  out.push('service timestamps log datetime msec');
  out.push('service password-encryption');
  out.push('service call-home');
  out.push('platform punt-keepalive disable-kernel-core');
  bang();
  out.push(`hostname ${config.hostname}`);
  bang();
  out.push(`vrf definition ${ctx.mgmtVrf}`);
  out.push(' !');
  out.push(' address-family ipv4');
  out.push(' exit-address-family');
  bang();
  out.push('logging buffered 102400');
  out.push('no logging console');
  out.push(`enable secret 9 ${ctx.enableHash}`);
  bang();
  out.push('aaa new-model');
  out.push('aaa authentication login default local');
  out.push('aaa authorization exec default local');
  bang();
  for (const b of config.bootSystem) out.push(`boot system ${b}`);
  if (ctx.switchModel) {
    for (let m = 1; m <= ctx.switchModel.members; m++)
      out.push(`switch ${m} provision ${ctx.switchModel.model.toLowerCase()}`);
  }
  bang();
  out.push('no ip domain lookup');
  out.push('ip domain name lab.example');
  bang();
  out.push('login on-success log');
  bang();
  out.push('license boot level network-advantage addon dna-advantage');
  bang();
  out.push('diagnostic bootup level minimal');
  bang();
  out.push('spanning-tree mode rapid-pvst');
  out.push('spanning-tree extend system-id');
  bang();
  out.push(`username ${config.username} privilege 15 secret 9 ${ctx.userHash}`);
  bang();
  out.push('redundancy');
  out.push(' mode sso');
  bang();
  for (const section of config.extra) {
    out.push(section.line, ...section.children);
    bang();
  }
  for (const itf of config.interfaces) {
    out.push(...renderInterfaceConfig(itf));
    bang();
  }
  if (config.bgp) {
    const bgp = config.bgp;
    out.push(`router bgp ${bgp.asn}`);
    out.push(` bgp router-id ${bgp.routerId}`);
    out.push(' bgp log-neighbor-changes');
    for (const n of bgp.neighbors) {
      out.push(` neighbor ${n.address} remote-as ${n.remoteAs}`);
      if (n.description) out.push(` neighbor ${n.address} description ${n.description}`);
      if (n.shutdown) out.push(` neighbor ${n.address} shutdown`);
    }
    out.push(...bgp.extra);
    out.push(' !');
    out.push(' address-family ipv4');
    for (const n of bgp.neighbors) out.push(`  neighbor ${n.address} activate`);
    out.push(' exit-address-family');
    bang();
  }
  out.push('ip forward-protocol nd');
  out.push('ip http server');
  out.push('ip http authentication local');
  out.push('ip http secure-server');
  if (config.scpServer) out.push('ip scp server enable');
  out.push('ip ssh version 2');
  out.push(...config.staticRoutes);
  bang();
  out.push('control-plane');
  out.push(' service-policy input system-cpp-policy');
  bang();
  out.push('line con 0');
  out.push(' exec-timeout 30 0');
  out.push(' stopbits 1');
  out.push('line vty 0 4');
  out.push(' exec-timeout 30 0');
  out.push(' transport input ssh');
  out.push('line vty 5 15');
  out.push(' exec-timeout 30 0');
  out.push(' transport input ssh');
  bang();
  out.push('end');
  return out;
}

/** One interface's configuration lines, `interface X` first. */
export function renderInterfaceConfig(itf: InterfaceConfig): string[] {
  const out = [`interface ${itf.name}`];
  if (itf.description) out.push(` description ${itf.description}`);
  if (itf.routed) out.push(' no switchport');
  if (itf.vrf) out.push(` vrf forwarding ${itf.vrf}`);
  if (itf.address) out.push(` ip address ${itf.address.ip} ${itf.address.mask}`);
  else if (!itf.extra.some((l) => l.includes('switchport'))) out.push(' no ip address');
  out.push(...itf.extra);
  if (itf.shutdown) out.push(' shutdown');
  return out;
}

/** Dotted-quad mask for a prefix length. */
export function prefixMask(bits: number): string {
  const n = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Prefix length of a dotted-quad mask. */
export function maskBits(mask: string): number {
  return mask
    .split('.')
    .map((o) => parseInt(o, 10).toString(2).replace(/0/g, '').length)
    .reduce((a, b) => a + b, 0);
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) >>> 0) + (parseInt(o, 10) & 255), 0) >>> 0;
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

export function isIpv4(text: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) && text.split('.').every((o) => +o <= 255);
}
