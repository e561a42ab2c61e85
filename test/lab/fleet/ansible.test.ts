/**
 * Ansible's cisco.ios collection, as engineers drive it, against one lab device of each platform family and
 * redundancy form (Netmiko's test reads all twelve): ios_command, ios_facts with gather_subset all (free
 * memory, interfaces, neighbours, config) and ios_config. Ansible's Python is the slowest test of the suite;
 * the four left out repeat a family and form already here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabFleet } from '../../../src/lab/index.js';
import { CLIENTS, PYTHON, hasCommand, runClient, startClientLab } from './clients/client-lab.js';

const hasAnsible = hasCommand('ansible-playbook');
if (!hasAnsible) console.warn('ansible-playbook not installed (apt-get install ansible): skipping its test');

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

/**
 * One device of each platform family and redundancy form: C9500 SVL, C9300 stack, ISR 4000, Catalyst 9400
 * dual supervisor, ASR 1000. (The C9600, the ISR 4331 and a lone C9300 repeat a family and a form already
 * here; Netmiko's test reads all twelve. Ansible's Python is the costliest part of the suite.)
 */
const ONE_OF_EACH = [
  'acme-nyc-core01',
  'acme-nyc-acc01',
  'acme-bos-edge01',
  'globex-chi-core01',
  'globex-chi-edge01',
];

describe.skipIf(!hasAnsible)('Ansible cisco.ios against each kind of lab device', () => {
  let fleet: LabFleet;
  let devicesEnv: string;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'warroom-ansible-'));
    ({ fleet, devicesEnv } = await startClientLab(ONE_OF_EACH));
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it(
    'Ansible cisco.ios: ios_command, ios_facts (gather_subset: all) and ios_config on each kind of device',
    { timeout: 450_000 },
    async () => {
      // All five at once, one batch: a loaded machine slows it, the 450 s limit allows for that.
      const result = await runClient(
        'ansible-playbook',
        [
          '-i',
          join(CLIENTS, 'ansible_inventory.py'),
          '--forks',
          String(ONE_OF_EACH.length),
          join(CLIENTS, 'ansible-lab.yml'),
        ],
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
