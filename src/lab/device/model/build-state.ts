/**
 * A device's starting state from its inventory entry and platform profile: interfaces with addresses,
 * BGP neighbours, stack members, the flash with the running image, and a configuration to match.
 */
import type { CatalogueImage, InventoryHost } from '../../../inventory/schema.js';
import { normaliseVersion, platformProfile } from '../../../inventory/platforms.js';
import { WarroomError } from '../../../core/errors.js';
import type { DeviceConfig, InterfaceConfig } from './config.js';
import { ipToNumber, numberToIp, prefixMask } from './config.js';
import type { BgpPeerRuntime, DeviceState, Flash, InterfaceRuntime, StackMember } from './device-state.js';
import { createFlash, putFile } from './flash.js';
import { describeHardware, type Hardware } from './hardware.js';
import { catalogueImageFor, packagesFor, provisioningFileFor, pseudoHashes } from './packages.js';
import { imageFileName } from '../../../inventory/platforms.js';
import { seeded, seededMac, seededSerial } from './seed.js';
import { buildNetwork } from './network.js';

const DAY = 24 * 3600 * 1000;

/** The nominal size of an image the catalogue does not list. */
const DEFAULT_IMAGE_SIZE = 3_000_000;

/**
 * `sizeScale` shrinks the flash (and what the inventory says is on it) like the fleet shrank the catalogue's
 * images, so what fits still fits.
 */
export function buildInitialState(
  host: InventoryHost,
  catalogue: readonly CatalogueImage[],
  now: number,
  sizeScale = 1,
): DeviceState {
  const profile = platformProfile(host.model);
  if (!profile)
    throw new WarroomError('config_invalid', `lab device ${host.name}: unknown model ${host.model}`, {
      host: host.name,
    });
  const hw = describeHardware(host, profile);
  const version = normaliseVersion(host.version);
  // Up for some weeks, different per device, so uptimes and counters look lived-in.
  const bootedAt = now - (14 + (seeded(`uptime:${host.name}`) % 120)) * DAY - (seeded(host.name) % DAY);
  const flash = createFlash(hw.flashDevice, Math.round(hw.flashTotal * sizeScale));
  const binName = imageFileName(profile, version);
  seedFlash(flash, host, catalogue, version, bootedAt);
  // What people left on flash (cores, captures): not install-managed, so `install remove inactive` keeps it.
  for (const f of host.lab.flash_files)
    putFile(flash, {
      name: f.name,
      size: Math.max(1, Math.round(f.size * sizeScale)),
      mtime: bootedAt - 30 * DAY,
      ...pseudoHashes(f.name, f.size),
    });
  const bootVar =
    host.boot_mode === 'install' ? [`${hw.flashDevice}packages.conf`] : [`${hw.flashDevice}${binName}`];
  const { config, runtime } = buildInterfaces(host, hw, bootedAt);
  config.bootSystem = [...bootVar];
  const members = buildMembers(host, hw, version, bootedAt);
  const network = buildNetwork(
    host,
    hw,
    config.interfaces.map((c) => ({
      config: c,
      link: runtime.find((r) => r.name === c.name)?.link ?? false,
    })),
    bootedAt,
  );
  const twoUnits =
    (host.redundancy === 'svl' || host.redundancy === 'dual_sup' || host.redundancy === 'stack') &&
    host.members > 1;
  const activeUnit = hw.shape === 'chassis' ? (hw.supervisorSlots[0] ?? 1) : 1;
  const standbyUnit = twoUnits ? (hw.shape === 'chassis' ? hw.supervisorSlots[1] : 2) : undefined;
  return {
    host,
    profile,
    hw,
    hostname: host.name,
    version,
    bootMode: host.boot_mode,
    bootedFrom: bootVar[0] ?? '',
    bootVar,
    bootVarAtBoot: [...bootVar],
    running: config,
    startup: structuredClone(config),
    lastConfigChange: bootedAt + 5 * 60_000,
    startupSavedAt: bootedAt + 5 * 60_000,
    interfaces: runtime,
    bgp: buildBgp(host, bootedAt),
    network,
    baseMac: members[0]?.mac ?? seededMac(host.name),
    sessions: new Map(),
    members,
    redundancy: {
      sso: twoUnits,
      activeUnit,
      ...(standbyUnit !== undefined ? { standbyUnit } : {}),
      peerState: twoUnits ? 'STANDBY HOT' : 'DISABLED',
      switchovers: 0,
      lastSwitchoverReason: 'none',
      activeSince: bootedAt,
      standbySince: bootedAt + 2 * 60_000,
    },
    install: { images: [{ version, state: 'C' }], base: version },
    flash,
    log: [],
    logSequence: 0,
    bootedAt,
    returnedToRomAt: bootedAt - 4 * 60_000,
    lastReloadReason: 'Reload Command',
    reloads: 0,
  };
}

/** Files a device of this kind carries, plus the running image (bin, or packages in install mode). */
function seedFlash(
  flash: Flash,
  host: InventoryHost,
  catalogue: readonly CatalogueImage[],
  version: string,
  at: number,
): void {
  const profile = platformProfile(host.model);
  if (!profile) return;
  const scale = Math.min(1, flash.totalBytes / 8e9);
  const old = at - 200 * DAY;
  const dir = (name: string, mtime = old): void => {
    putFile(flash, { name, size: 4096, mtime, directory: true, md5: '', sha512: '' });
  };
  const file = (name: string, size: number, mtime = old): void => {
    const s = Math.max(1, Math.round(size));
    putFile(flash, { name, size: s, mtime, ...pseudoHashes(name, s) });
  };
  dir('lost+found');
  dir('.installer');
  dir('.prst_sync');
  dir('.rollback_timer');
  dir('core');
  dir('tracelogs', at);
  dir('license_evlog', at);
  if (profile.family.startsWith('cat9')) {
    file('nvram_config', 33554432 * scale, at);
    file('nvram_config_bkup', 33554432 * scale, at);
    file('vlan.dat', 3436, at);
    file('mode_event_log', 1048576 * scale);
  } else {
    file('ds_stats.txt', 0);
    file('pnp-tech-time', 35);
    file('pnp-tech-discovery-summary', 19957);
  }
  addImage(flash, profile, catalogue, version, host.boot_mode, old, true);
}

/** Puts an image on flash: the .bin, and for install mode its packages and packages.conf. */
function addImage(
  flash: Flash,
  profile: NonNullable<ReturnType<typeof platformProfile>>,
  catalogue: readonly CatalogueImage[],
  version: string,
  mode: 'install' | 'bundle',
  mtime: number,
  withBin: boolean,
): void {
  const image = catalogueImageFor(catalogue, profile, version);
  const binName = imageFileName(profile, version);
  const size = image?.size ?? DEFAULT_IMAGE_SIZE;
  if (withBin) {
    const hashes = image ? { md5: image.md5, sha512: image.sha512 } : pseudoHashes(binName, size);
    putFile(flash, { name: binName, size, mtime, version, ...hashes });
  }
  if (mode === 'install') {
    putPackages(flash, profile, version, size, mtime);
    putFile(flash, {
      name: 'packages.conf',
      size: 7592,
      mtime,
      boots: version,
      ...pseudoHashes(`packages.conf:${version}`, 7592),
    });
  }
}

/** Writes the .pkg files and the provisioning .conf that `install add` extracts from an image. */
export function putPackages(
  flash: Flash,
  profile: NonNullable<ReturnType<typeof platformProfile>>,
  version: string,
  binSize: number,
  mtime: number,
): void {
  for (const pkg of packagesFor(profile, version, binSize))
    putFile(flash, { name: pkg.name, size: pkg.size, mtime, version, ...pseudoHashes(pkg.name, pkg.size) });
  const conf = provisioningFileFor(profile, version);
  putFile(flash, { name: conf, size: 7592, mtime, version, boots: version, ...pseudoHashes(conf, 7592) });
}

function buildMembers(host: InventoryHost, hw: Hardware, version: string, bootedAt: number): StackMember[] {
  const count = hw.shape === 'stack' ? Math.max(1, host.members) : 1;
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return {
      number: n,
      role: n === 1 ? 'Active' : n === 2 ? 'Standby' : 'Member',
      mac: seededMac(`${host.name}:${n}`),
      priority: n === 1 ? 15 : n === 2 ? 14 : 1,
      hwVersion: 'V02',
      serial: n === 1 ? host.serial : seededSerial(host.serial, `${host.name}:${n}`),
      boardSerial: seededSerial('FOC', `${host.name}:board:${n}`),
      model: host.model,
      version,
      state: 'Ready',
      bootedAt,
    };
  });
}

function buildBgp(host: InventoryHost, bootedAt: number): BgpPeerRuntime[] {
  return (host.bgp?.neighbors ?? []).map((n) => ({
    address: n.address,
    remoteAs: n.remote_as,
    upSince: bootedAt + 3 * 60_000,
    prefixes: 50 + (seeded(`pfx:${host.name}:${n.address}`) % 900),
    withheld: 0,
    faultDown: false,
    msgBase: seeded(`msg:${host.name}:${n.address}`) % 5000,
  }));
}

/** Interfaces with their configuration (addresses, descriptions) and their runtime link state. */
function buildInterfaces(
  host: InventoryHost,
  hw: Hardware,
  at: number,
): { config: DeviceConfig; runtime: InterfaceRuntime[] } {
  const interfaces: InterfaceConfig[] = [];
  const runtime: InterfaceRuntime[] = [];
  const add = (cfg: InterfaceConfig, kind: InterfaceRuntime['kind'], link: boolean): void => {
    interfaces.push(cfg);
    runtime.push({ name: cfg.name, kind, link, faultDown: false, lastChange: at + 2 * 60_000 });
  };
  const switchLike = hw.shape !== 'router';
  const neighbors = host.bgp?.neighbors ?? [];
  const physical: { name: string; uplink: boolean; order: number }[] = [];
  for (const unit of hw.portUnits) {
    unit.groups.forEach((g, gi) => {
      for (let n = g.first; n <= g.last; n++) {
        // Uplinks: every router port; a switch's last port group (network module); a chassis' supervisor
        // ports (or every port on a 9600, a core box).
        const uplink =
          hw.shape === 'router' ||
          (hw.shape === 'stack' && gi === unit.groups.length - 1) ||
          (hw.shape === 'chassis' && (hw.family === 'cat9600' || hw.supervisorSlots.includes(unit.unit)));
        physical.push({ name: g.name(unit.unit, n), uplink, order: (n - g.first) * 16 + unit.unit });
      }
    });
  }
  // Spread WAN links across members/supervisors the way a redundant design does.
  const uplinks = physical.filter((p) => p.uplink).sort((a, b) => (switchLike ? a.order - b.order : 0));
  const wan = new Map<string, { ip: string; remoteAs: number; peer: string }>();
  const used = new Set<string>();
  neighbors.forEach((nb) => {
    const port = uplinks.find((p) => !used.has(p.name));
    if (!port) return;
    used.add(port.name);
    wan.set(port.name, {
      ip: numberToIp(ipToNumber(nb.address) + 1),
      remoteAs: nb.remote_as,
      peer: nb.address,
    });
  });
  const lanPort = switchLike ? undefined : physical.find((p) => !used.has(p.name));
  if (lanPort) used.add(lanPort.name);
  const trunk = switchLike && neighbors.length === 0 ? uplinks[0]?.name : undefined;

  add(
    {
      name: hw.mgmtPort,
      ...(host.oob_address ? { address: { ip: host.oob_address, mask: prefixMask(24) } } : {}),
      vrf: switchLike ? 'Mgmt-vrf' : 'Mgmt-intf',
      shutdown: !host.oob_address,
      extra: [' negotiation auto'],
    },
    'mgmt',
    !!host.oob_address,
  );
  for (const p of physical) {
    const w = wan.get(p.name);
    if (w) {
      add(
        {
          name: p.name,
          description: `${switchLike ? 'Uplink' : 'WAN'} to AS${w.remoteAs} ${w.peer}`,
          address: { ip: w.ip, mask: prefixMask(30) },
          routed: switchLike,
          shutdown: false,
          extra: [],
        },
        'physical',
        true,
      );
    } else if (lanPort && p.name === lanPort.name) {
      add(
        {
          name: p.name,
          description: 'LAN',
          address: { ip: host.address, mask: prefixMask(24) },
          shutdown: false,
          extra: [' negotiation auto'],
        },
        'physical',
        true,
      );
    } else if (p.name === trunk) {
      add(
        { name: p.name, description: 'Uplink trunk', shutdown: false, extra: [' switchport mode trunk'] },
        'physical',
        true,
      );
    } else if (switchLike) {
      // Access ports: about two in three have something plugged in.
      const link = !p.uplink && seeded(`link:${host.name}:${p.name}`) % 3 !== 0;
      add(
        { name: p.name, shutdown: false, extra: p.uplink ? [] : [' switchport access vlan 10'] },
        'physical',
        link,
      );
    } else {
      add({ name: p.name, shutdown: true, extra: [' negotiation auto'] }, 'physical', false);
    }
  }
  if (switchLike) {
    add({ name: 'Vlan1', shutdown: true, extra: [] }, 'vlan', true);
    add(
      {
        name: 'Vlan10',
        description: 'Management',
        address: { ip: host.address, mask: prefixMask(24) },
        shutdown: false,
        extra: [],
      },
      'vlan',
      true,
    );
  }
  if (host.bgp)
    add(
      {
        name: 'Loopback0',
        address: { ip: host.bgp.router_id, mask: prefixMask(32) },
        shutdown: false,
        extra: [],
      },
      'loopback',
      true,
    );
  const gateway = numberToIp(((ipToNumber(host.address) & 0xffffff00) >>> 0) + 1);
  const config: DeviceConfig = {
    hostname: host.name,
    username: 'netops',
    bootSystem: [],
    interfaces,
    ...(host.bgp
      ? {
          bgp: {
            asn: host.bgp.local_as,
            routerId: host.bgp.router_id,
            neighbors: host.bgp.neighbors.map((n) => ({
              address: n.address,
              remoteAs: n.remote_as,
              description: `AS${n.remote_as}`,
              shutdown: false,
            })),
            extra: [],
          },
        }
      : {}),
    staticRoutes: host.bgp ? [] : [`ip route 0.0.0.0 0.0.0.0 ${gateway}`],
    scpServer: true,
    extra: [],
  };
  return { config, runtime };
}
