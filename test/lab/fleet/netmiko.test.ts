/**
 * Netmiko, as engineers drive it, against every lab device: send_command of every command of the deeper
 * checks, a ping, send_config_set and save_config. What it captured must read with warroom's parsers, or be
 * IOS's refusal where the platform has no such command; never a lab-only message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWarroomError } from '../../../src/core/errors.js';
import { findParser } from '../../../src/devices/iosxe/parsers/index.js';
import type { LabFleet } from '../../../src/lab/index.js';
import { CLIENTS, PYTHON, hasPythonModule, runClient, startClientLab } from './clients/client-lab.js';

const hasNetmiko = hasPythonModule('netmiko');
if (!hasNetmiko)
  console.warn(`Netmiko not installed for ${PYTHON} (apt-get install python3-netmiko): skipping its test`);

/** Commands a platform answers with nothing at all (no HSRP group, no OSPF process). */
const MAY_BE_EMPTY = new Set(['show standby', 'show ip ospf neighbor']);

describe.skipIf(!hasNetmiko)('Netmiko against every lab device', () => {
  let fleet: LabFleet;
  let devicesEnv: string;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'warroom-netmiko-'));
    ({ fleet, devicesEnv } = await startClientLab());
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it(
    'Netmiko (cisco_ios) sends every command, a config set and a save on every device',
    { timeout: 450_000 },
    async () => {
      const result = await runClient(PYTHON, [join(CLIENTS, 'netmiko_check.py')], {
        LAB_DEVICES: devicesEnv,
        NETMIKO_DEBUG_LOG: join(work, 'netmiko.log'),
      });
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      const out = JSON.parse(result.stdout) as Record<
        string,
        { prompt: string; commands: Record<string, string>; config: string; saved: string; running: string }
      >;
      expect(Object.keys(out).sort()).toEqual(fleet.devices.map((d) => d.name).sort());
      for (const d of fleet.devices) {
        const r = out[d.name]!;
        expect(r.prompt).toBe(`${d.name}#`);
        expect(r.config).toContain('(config-if)#');
        expect(r.saved).toContain('[OK]');
        expect(r.running).toContain('description warroom lab netmiko');
        for (const [command, text] of Object.entries(r.commands)) {
          const where = `${d.name}: ${command}\n${text.slice(0, 400)}`;
          expect(text, where).not.toMatch(/not supported by the lab/);
          if (command === 'ping') expect(text, where).toContain('Success rate is 100 percent');
          if (text.trim() === '') {
            expect(MAY_BE_EMPTY.has(command), where).toBe(true);
            continue;
          }
          const parser = findParser(command);
          if (!parser) continue;
          try {
            parser.parse(text);
          } catch (error) {
            // A command this platform does not have: IOS's own refusal, which the parsers recognise.
            expect(isWarroomError(error) && error.code, where).toBe('command_error');
          }
        }
      }
    },
  );
});
