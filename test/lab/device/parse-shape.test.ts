/**
 * The lab's output must read like a real device's: every seed host's show commands go through warroom's
 * own parsers (proven on the real corpus) and the parsed facts must agree with the device's state.
 */
import { describe, expect, it } from 'vitest';
import {
  findCrashes,
  parseDir,
  parseShowBgpSummary,
  parseShowBoot,
  parseShowClock,
  parseShowInstall,
  parseShowInventory,
  parseShowIpInterfaceBrief,
  parseShowLogging,
  parseShowPlatform,
  parseShowProcessesCpu,
  parseShowRedundancy,
  parseShowSwitch,
  parseShowVersion,
  parseVerifyMd5,
} from '../../../src/devices/iosxe/parsers/index.js';
import { platformProfile } from '../../../src/inventory/platforms.js';
import { makeDevice, seedInventory } from './helpers.js';

const { hosts } = seedInventory();

describe.each(hosts.map((h) => [h.name, h] as const))('%s reads like a real device', (name, host) => {
  it('parses with the corpus-proven parsers and agrees with its state', async () => {
    const { device, catalogue } = makeDevice(name);
    try {
      const run = async (cmd: string): Promise<string> => {
        const { output, code } = await device.exec(cmd);
        expect(code, `${cmd}\n${output}`).toBe(0);
        return output;
      };
      const profile = platformProfile(host.model);
      const flash = profile?.flash ?? 'flash:';
      const summary = device.describe();

      const version = parseShowVersion(await run('show version'));
      expect(version.version).toBe(host.version);
      expect(version.hostname).toBe(host.name);
      expect(version.platform).toBe(host.model);
      expect(version.bootMode).toBe(host.boot_mode);
      expect(version.imageFile).toBe(
        host.boot_mode === 'install'
          ? `${flash}packages.conf`
          : `${flash}${profile?.imagePrefix}.${host.version}.SPA.bin`,
      );
      expect(version.serialNumbers?.[0]).toBe(host.serial);

      const brief = parseShowIpInterfaceBrief(await run('show ip interface brief'));
      expect(brief.interfaces.length).toBeGreaterThan(3);
      if (host.bgp) {
        const lo = brief.interfaces.find((i) => i.name === 'Loopback0');
        expect(lo?.ipAddress).toBe(host.bgp.router_id);
      }
      expect(brief.interfaces.some((i) => i.ipAddress === host.address && i.status === 'up')).toBe(true);

      const bgp = parseShowBgpSummary(await run('show ip bgp summary'));
      expect(bgp.active).toBe(!!host.bgp);
      if (host.bgp) {
        expect(bgp.routerId).toBe(host.bgp.router_id);
        expect(bgp.localAs).toBe(host.bgp.local_as);
        expect(bgp.neighbors.map((n) => [n.address, n.remoteAs, n.state])).toEqual(
          host.bgp.neighbors.map((n) => [n.address, n.remote_as, 'Established']),
        );
      }

      const dir = parseDir(await run(`dir ${flash}`));
      expect(dir.directory).toBe(`${flash}/`);
      expect(dir.freeBytes).toBe(summary.flash.freeBytes);
      expect(dir.totalBytes).toBe(summary.flash.totalBytes);
      expect(dir.files.some((f) => f.name === 'packages.conf')).toBe(host.boot_mode === 'install');

      const install = parseShowInstall(await run('show install summary'));
      expect(install.packages.map((p) => [p.type, p.state])).toEqual([['IMG', 'C']]);
      expect(install.packages[0]?.filenameVersion.startsWith(`${host.version}.0.`)).toBe(true);
      expect(install.autoAbortTimer?.active).toBe(false);

      const red = parseShowRedundancy(await run('show redundancy'));
      const sso = host.members > 1 && host.redundancy !== 'none';
      expect(red.operatingMode).toBe(sso ? 'sso' : 'Non-redundant');
      if (sso) expect(red.peerState).toBe('STANDBY HOT');

      const boot = parseShowBoot(await run('show boot'));
      expect(boot.nextBootVariable).toEqual(
        host.boot_mode === 'install'
          ? [`${flash}packages.conf`]
          : [`${flash}${profile?.imagePrefix}.${host.version}.SPA.bin`],
      );

      if (profile?.family === 'cat9300' || profile?.family === 'cat9500') {
        const sw = parseShowSwitch(await run('show switch detail'));
        expect(sw.members.map((m) => m.state)).toEqual(Array(host.members).fill('Ready'));
      } else {
        expect((await device.exec('show switch')).code).toBe(1);
      }

      const inventory = parseShowInventory(await run('show inventory'));
      expect(inventory.items.some((i) => i.serialNumber === host.serial && i.pid === host.model)).toBe(true);

      const cpu = parseShowProcessesCpu(await run('show processes cpu sorted'));
      expect(cpu.cpu?.fiveSeconds).toBeGreaterThanOrEqual(0);
      expect(cpu.processes.length).toBeGreaterThan(10);

      const platform = parseShowPlatform(await run('show platform'));
      expect(platform.slots.length + platform.switches.length).toBeGreaterThan(0);

      const logging = parseShowLogging(await run('show logging'));
      expect(logging.entries.length).toBeGreaterThan(3);
      expect(findCrashes(logging)).toEqual([]);

      parseShowClock(await run('show clock'));

      const image = catalogue.find(
        (i) => i.version === host.version && profile && i.families.includes(profile.family),
      );
      if (image) {
        const file = `${flash}${image.file}`;
        const md5 = parseVerifyMd5(await run(`verify /md5 ${file}`));
        expect(md5.md5).toBe(image.md5);
      }
    } finally {
      device.dispose();
    }
  });
});
