/**
 * The clients engineers already use, against every lab device: Netmiko sends every command of the deeper
 * checks, a config set and a save; Ansible's cisco.ios runs ios_command, ios_facts with gather_subset all
 * and ios_config. What Netmiko captured must read with warroom's parsers (or be an IOS refusal where the
 * platform has no such command); Ansible must gather every fact, free memory included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWarroomError } from '../../../src/core/errors.js';
import { findParser } from '../../../src/devices/iosxe/parsers/index.js';
import { startLabFleet, type LabFleet } from '../../../src/lab/index.js';

// Debian's python3 carries the apt-installed netmiko; a pyenv python3 earlier on PATH may not.
const PYTHON = '/usr/bin/python3';
const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));

const hasNetmiko = spawnSync(PYTHON, ['-c', 'import netmiko'], { stdio: 'ignore' }).status === 0;
const hasAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook'], { stdio: 'ignore' }).status === 0;
if (!hasNetmiko)
  console.warn(`Netmiko not installed for ${PYTHON} (apt-get install python3-netmiko): skipping its test`);
if (!hasAnsible) console.warn('ansible-playbook not installed (apt-get install ansible): skipping its test');

/** Commands a platform answers with nothing at all (no HSRP group, no OSPF process, no IPv6). */
const MAY_BE_EMPTY = new Set(['show standby', 'show ip ospf neighbor']);

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

/** Each failed task of an Ansible JSON report, as `host: task: message` lines. */
function failedTasks(stdout: string): string {
  try {
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      plays: {
        tasks: { task: { name: string }; hosts: Record<string, { failed?: boolean; msg?: string }> }[];
      }[];
    };
    return report.plays
      .flatMap((p) => p.tasks)
      .flatMap((t) =>
        Object.entries(t.hosts)
          .filter(([, h]) => h.failed)
          .map(([host, h]) => `${host}: ${t.task.name}: ${h.msg ?? ''}`),
      )
      .join('\n');
  } catch {
    return stdout.slice(-3000);
  }
}

describe.skipIf(!hasNetmiko && !hasAnsible)('the lab with Python network clients, every device', () => {
  let fleet: LabFleet;
  let work: string;
  let devicesEnv: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'warroom-pyclients-'));
    fleet = await startLabFleet({ timeScale: 1 / 600 });
    devicesEnv = JSON.stringify(
      fleet.devices.map((d) => ({
        name: d.name,
        host: d.host,
        port: d.port,
        username: d.username,
        password: d.password,
        secret: d.enableSecret,
        ping: fleet.inventory.hosts.find((h) => h.name === d.name)?.bgp?.neighbors[0]?.address,
      })),
    );
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it.skipIf(!hasNetmiko)(
    'Netmiko (cisco_ios) sends every command, a config set and a save on every device',
    { timeout: 240_000 },
    async () => {
      const result = await run(PYTHON, [join(CLIENTS, 'netmiko_check.py')], {
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

  it.skipIf(!hasAnsible)(
    'Ansible cisco.ios: ios_command, ios_facts (gather_subset: all) and ios_config on every device',
    { timeout: 240_000 },
    async () => {
      // Six hosts at a time: Ansible's Python is the costly part, and a loaded machine must not time it out.
      const result = await run(
        'ansible-playbook',
        ['-i', join(CLIENTS, 'ansible_inventory.py'), '--forks', '6', join(CLIENTS, 'ansible-lab.yml')],
        {
          LAB_DEVICES: devicesEnv,
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_STDOUT_CALLBACK: 'json',
          ANSIBLE_LOCAL_TEMP: join(work, 'ansible-tmp'),
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_RETRY_FILES_ENABLED: 'False',
          ANSIBLE_PYTHON_INTERPRETER: PYTHON,
          ANSIBLE_PERSISTENT_CONNECT_TIMEOUT: '120',
          ANSIBLE_PERSISTENT_COMMAND_TIMEOUT: '120',
        },
      );
      expect(result.code, failedTasks(result.stdout) + result.stderr.slice(-2000)).toBe(0);
      const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
        plays: {
          tasks: {
            task: { name: string };
            hosts: Record<
              string,
              { stdout?: string[]; changed?: boolean; ansible_facts?: Record<string, unknown> }
            >;
          }[];
        }[];
      };
      const task = (name: string) => report.plays[0]!.tasks.find((t) => t.task.name === name)!.hosts;
      for (const d of fleet.devices) {
        const version = fleet.inventory.hosts.find((h) => h.name === d.name)!.version;
        expect(task('Show version')[d.name]!.stdout?.[0]).toContain(
          `Cisco IOS XE Software, Version ${version}`,
        );
        const facts = task('Gather facts')[d.name]!.ansible_facts!;
        expect(facts.ansible_net_hostname, d.name).toBe(d.name);
        expect(facts.ansible_net_version, d.name).toBe(version);
        expect(facts.ansible_net_memfree_mb, d.name).toBeGreaterThan(0);
        expect(Object.keys(facts.ansible_net_interfaces as object).length, d.name).toBeGreaterThan(3);
        expect(Object.keys(facts.ansible_net_neighbors as object).length, d.name).toBeGreaterThan(0);
        expect(facts.ansible_net_config, d.name).toMatch(/^hostname /m);
        expect(task('Configure a loopback')[d.name]!.changed, d.name).toBe(true);
      }
    },
  );
});
