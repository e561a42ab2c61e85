/**
 * The tools bench/collect.bench.ts races, each as the separate process an engineer would start, against
 * the same lab devices with the same commands: `warroom collect` (the build, and the sources through tsx),
 * Netmiko in a thread pool and Ansible's cisco.ios.ios_command with forks. Each run is checked: every
 * device answered every command, or the round counts as failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { LabDescriptor } from '../../src/compose/lab.js';

/** Debian's python3 carries the apt-installed netmiko; a pyenv python3 earlier on PATH may not. */
export const PYTHON = '/usr/bin/python3';
const HERE = fileURLToPath(new URL('./', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Contestant {
  name: string;
  /** Why it cannot run here (and how to install it), or undefined when it can. */
  missing: string | undefined;
  /** One timed run; throws when a device did not answer every command. */
  run(): Promise<number>;
}

export interface CollectSetup {
  lab: LabDescriptor;
  labFile: string;
  workDir: string;
  commands: readonly string[];
  concurrency: number;
}

/** Writes the lab as `warroom lab --json` prints it (what --lab-file and the Python scripts read). */
export async function writeLabFile(lab: LabDescriptor, file: string): Promise<void> {
  const lines = [
    ...lab.devices.map((d) =>
      JSON.stringify({ role: 'device', host: '127.0.0.1', timeScale: lab.timeScale, ...d }),
    ),
    JSON.stringify({ role: 'staging', ...lab.staging, timeScale: lab.timeScale }),
  ];
  await writeFile(file, lines.join('\n') + '\n');
}

interface Exit {
  pid: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function timedRun(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ pid: child.pid, code, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/**
 * Waits (at most a minute) until no `ansible-connection PID ...` process of that playbook is left: each
 * holds a device session until it exits. Linux only (it reads /proc); elsewhere it returns at once.
 */
async function waitForConnectionProcesses(playbookPid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const marker = `ansible-connection\0${playbookPid}\0`;
  while (Date.now() < deadline) {
    let left = 0;
    try {
      for (const pid of await readdir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.includes(marker)) left++;
      }
    } catch {
      return;
    }
    if (left === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function tail(text: string): string {
  return text.slice(-1500);
}

/** The name of the row for a build of earlier code (`--before DIR`). */
export const BEFORE_NAME = 'warroom collect, before: one round trip per command';

function warroom(setup: CollectSetup, fromSource: boolean, repo?: string): Contestant {
  const args = [
    repo ? join(repo, 'bin/warroom.mjs') : 'bin/warroom.mjs',
    'collect',
    '--lab-file',
    setup.labFile,
    '--hosts',
    setup.lab.devices.map((d) => d.name).join(','),
    ...setup.commands.flatMap((c) => ['-c', c]),
    '--concurrency',
    String(setup.concurrency),
  ];
  return {
    name: repo ? BEFORE_NAME : fromSource ? 'warroom collect (sources through tsx)' : 'warroom collect',
    missing: undefined,
    run: async () => {
      const exit = await timedRun(process.execPath, args, fromSource ? { WARROOM_FROM_SOURCE: '1' } : {});
      const records = exit.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { ok: boolean; results: Record<string, unknown> });
      const complete = records.filter(
        (r) => r.ok && setup.commands.every((c) => r.results[c] !== undefined),
      ).length;
      if (exit.code !== 0 || complete !== setup.lab.devices.length)
        throw new Error(
          `warroom collect: ${complete} of ${setup.lab.devices.length} hosts complete (exit ${exit.code}): ${tail(exit.stderr)}`,
        );
      return exit.ms;
    },
  };
}

function netmiko(setup: CollectSetup): Contestant {
  const installed = spawnSync(PYTHON, ['-c', 'import netmiko'], { stdio: 'ignore' }).status === 0;
  return {
    name: `Netmiko (thread pool of ${setup.concurrency})`,
    missing: installed
      ? undefined
      : `Netmiko is not installed for ${PYTHON}: apt-get install -y python3-netmiko`,
    run: async () => {
      const exit = await timedRun(PYTHON, [
        join(HERE, 'netmiko_collect.py'),
        setup.labFile,
        String(setup.concurrency),
        ...setup.commands,
      ]);
      const summary = JSON.parse(exit.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ok?: number;
        failed?: unknown[];
      };
      if (exit.code !== 0 || summary.ok !== setup.lab.devices.length)
        throw new Error(
          `Netmiko: ${summary.ok ?? 0} of ${setup.lab.devices.length} hosts ok (exit ${exit.code}): ${tail(JSON.stringify(summary.failed) + exit.stderr)}`,
        );
      return exit.ms;
    },
  };
}

function ansible(setup: CollectSetup): Contestant {
  const installed =
    spawnSync('sh', ['-c', 'command -v ansible-playbook'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('ansible-doc', ['-t', 'module', 'cisco.ios.ios_command'], { stdio: 'ignore' }).status === 0;
  const inventory = join(setup.workDir, 'ansible-inventory.json');
  const first = setup.lab.devices[0];
  return {
    name: `Ansible cisco.ios.ios_command (forks ${setup.concurrency})`,
    missing: installed
      ? undefined
      : 'ansible-playbook with the cisco.ios collection is not installed: apt-get install -y ansible',
    run: async () => {
      // Ports only: the login comes from the environment.
      const hosts = Object.fromEntries(
        setup.lab.devices.map((d) => [d.name, { ansible_host: '127.0.0.1', ansible_port: d.port }]),
      );
      await writeFile(inventory, JSON.stringify({ lab: { hosts } }));
      const exit = await timedRun(
        'ansible-playbook',
        ['-i', inventory, '-f', String(setup.concurrency), join(HERE, 'ansible_collect.yml')],
        {
          LAB_USERNAME: first?.username ?? '',
          LAB_PASSWORD: first?.password ?? '',
          LAB_SECRET: first?.enableSecret ?? '',
          COLLECT_COMMANDS: JSON.stringify(setup.commands),
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_STDOUT_CALLBACK: 'json',
          ANSIBLE_LOCAL_TEMP: join(setup.workDir, 'ansible-tmp'),
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_RETRY_FILES_ENABLED: 'False',
          // 50 connection processes starting at once on a small machine take longer than the 30 s
          // default to open their sockets ("socket path ... does not exist"); the playbook closes them.
          ANSIBLE_PERSISTENT_CONNECT_TIMEOUT: '180',
          ANSIBLE_PERSISTENT_COMMAND_TIMEOUT: '180',
        },
      );
      // The next tool must not share the lab with Ansible's connection processes winding down.
      if (exit.pid !== undefined) await waitForConnectionProcesses(exit.pid);
      const report = JSON.parse(exit.stdout.slice(Math.max(0, exit.stdout.indexOf('{')))) as {
        plays?: {
          tasks: { hosts: Record<string, { stdout?: string[]; failed?: boolean; msg?: string }> }[];
        }[];
      };
      const results = Object.values(report.plays?.[0]?.tasks[0]?.hosts ?? {});
      const complete = results.filter((r) => !r.failed && r.stdout?.length === setup.commands.length);
      if (exit.code !== 0 || complete.length !== setup.lab.devices.length) {
        const first = results.find((r) => r.failed)?.msg ?? tail(exit.stderr);
        throw new Error(
          `Ansible: ${complete.length} of ${setup.lab.devices.length} hosts complete (exit ${exit.code}); first failure: ${first.slice(0, 300)}`,
        );
      }
      return exit.ms;
    },
  };
}

/**
 * Every contestant, warroom's build first: ratios are taken against it. `before` is a built checkout of
 * earlier code (its own dist/), raced as one more row.
 */
export function contestants(setup: CollectSetup, before?: string): Contestant[] {
  return [
    warroom(setup, false),
    ...(before ? [warroom(setup, false, before)] : []),
    warroom(setup, true),
    netmiko(setup),
    ansible(setup),
  ];
}
