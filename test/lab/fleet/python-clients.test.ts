import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLabFleet, type LabFleet, type LabFleetDevice } from '../../../src/lab/index.js';

// Debian's python3 carries the apt-installed netmiko; a pyenv python3 earlier on PATH may not.
const PYTHON = '/usr/bin/python3';
const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));

const hasNetmiko = spawnSync(PYTHON, ['-c', 'import netmiko'], { stdio: 'ignore' }).status === 0;
const hasAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook'], { stdio: 'ignore' }).status === 0;
if (!hasNetmiko)
  console.warn(`Netmiko not installed for ${PYTHON} (apt-get install python3-netmiko): skipping`);
if (!hasAnsible) console.warn('ansible-playbook not installed (apt-get install ansible): skipping');

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 8 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

function loginEnv(d: LabFleetDevice): Record<string, string> {
  return {
    LAB_HOST: d.host,
    LAB_PORT: String(d.port),
    LAB_USERNAME: d.username,
    LAB_PASSWORD: d.password,
    LAB_SECRET: d.enableSecret,
  };
}

describe.skipIf(!hasNetmiko && !hasAnsible)('the lab with Python network clients', () => {
  let fleet: LabFleet;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'warroom-pyclients-'));
    fleet = await startLabFleet({ timeScale: 1 / 600, hosts: ['acme-nyc-acc01', 'initech-sfo-edge01'] });
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it.skipIf(!hasNetmiko)(
    'Netmiko (cisco_ios) reads show version, pushes config and saves it',
    { timeout: 120_000 },
    async () => {
      const d = fleet.device('acme-nyc-acc01');
      const result = await run(PYTHON, [join(CLIENTS, 'netmiko_check.py')], {
        ...loginEnv(d),
        NETMIKO_DEBUG_LOG: join(work, 'netmiko.log'),
      });
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as Record<string, string>;
      expect(out.prompt).toBe(`${d.name}#`);
      expect(out.version).toContain(`Version ${d.version}`);
      expect(out.config).toContain('(config-if)#');
      expect(out.saved).toContain('[OK]');
      expect(out.running).toContain('description warroom lab netmiko');
    },
  );

  it.skipIf(!hasAnsible)(
    'Ansible network_cli runs cisco.ios.ios_command and ios_facts',
    { timeout: 120_000 },
    async () => {
      const d = fleet.device('initech-sfo-edge01');
      const result = await run(
        'ansible-playbook',
        ['-i', join(CLIENTS, 'ansible-inventory.yml'), join(CLIENTS, 'ansible-lab.yml')],
        {
          ...loginEnv(d),
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_STDOUT_CALLBACK: 'json',
          ANSIBLE_LOCAL_TEMP: join(work, 'ansible-tmp'),
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_RETRY_FILES_ENABLED: 'False',
        },
      );
      expect(result.code, result.stdout.slice(-3000) + result.stderr).toBe(0);
      const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
        plays: {
          tasks: {
            task: { name: string };
            hosts: Record<string, { stdout?: string[]; ansible_facts?: Record<string, string> }>;
          }[];
        }[];
      };
      const tasks = report.plays[0]!.tasks;
      const shown = tasks.find((t) => t.task.name === 'Show version')!.hosts['lab-device']!;
      expect(shown.stdout?.[0]).toContain(`Cisco IOS XE Software, Version ${d.version}`);
      const facts = tasks.find((t) => t.task.name === 'Gather facts')!.hosts['lab-device']!.ansible_facts!;
      expect(facts.ansible_net_hostname).toBe(d.name);
      expect(facts.ansible_net_version).toBe(d.version);
    },
  );
});
