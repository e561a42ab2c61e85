/**
 * Transport benchmark, run with tsx (`npx tsx bench/transport.bench.ts [--iterations N] [--sessions N]`):
 *  1. per-command overhead of a CliSession against a bare ssh2 `exec` of the same command on the same lab
 *     device (p50 / p99, ratio);
 *  2. sessions per second through the SessionPool: open + one command + close, across the lab's devices.
 * Writes its section of bench/RESULTS.md between the transport markers, replacing the previous run.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import ssh2, { type Client } from 'ssh2';
import { startLabFleet, type LabFleetDevice } from '../src/lab/index.js';
import type { DeviceTarget } from '../src/ports/cli-session.js';
import { SessionPool, Ssh2Transport } from '../src/transport/index.js';
import { writeResultsSection } from './results.js';

const COMMAND = 'show version';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

function targetOf(d: LabFleetDevice): DeviceTarget {
  return {
    name: d.name,
    address: d.host,
    port: d.port,
    credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret },
  };
}

function connectBare(d: LabFleetDevice): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on('ready', () => {
        client.setNoDelay(true);
        resolve(client);
      })
      .on('error', reject)
      .connect({ host: d.host, port: d.port, username: d.username, password: d.password });
  });
}

function execBare(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let out = '';
      stream.on('data', (b: Buffer) => (out += b.toString('utf8')));
      stream.stderr.resume();
      stream.on('close', () => resolve(out));
    });
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const iterations = arg('iterations', 200);
  const sessions = arg('sessions', 96);
  // Device time shrunk so command latency in the lab is mostly our own overhead and SSH.
  const fleet = await startLabFleet({ timeScale: 1 / 10_000 });
  try {
    const device = fleet.devices[0];
    if (!device) throw new Error('the lab fleet has no devices');
    const transport = new Ssh2Transport();

    // 1. Per-command overhead on one long-lived connection each.
    const session = await transport.open(targetOf(device));
    const bare = await connectBare(device);
    const warm = Math.min(20, iterations);
    for (let i = 0; i < warm; i++) {
      await session.run(COMMAND);
      await execBare(bare, COMMAND);
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    // Interleaved so both see the same machine load.
    for (let i = 0; i < iterations; i++) {
      ours.push(await timed(() => session.run(COMMAND)));
      theirs.push(await timed(() => execBare(bare, COMMAND)));
    }
    await session.close();
    bare.end();
    const s = summary(ours);
    const b = summary(theirs);

    // 2. Sessions per second through the pool: open + command + close, round-robin over every device.
    const rows: { max: number; perSecond: number; p50: number; p99: number }[] = [];
    for (const max of [1, 4, fleet.devices.length]) {
      const pool = new SessionPool(transport, { maxSessions: max });
      const latencies: number[] = [];
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: sessions }, async (_, i) => {
          const d = fleet.devices[i % fleet.devices.length];
          if (!d) return;
          const start = performance.now();
          await pool.withSession(targetOf(d), async (cli) => {
            await cli.run('show clock');
            await cli.close();
          });
          latencies.push(performance.now() - start);
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      await pool.closeAll();
      const l = summary(latencies);
      rows.push({ max, perSecond: sessions / seconds, p50: l.p50, p99: l.p99 });
    }

    const ms = (n: number): string => n.toFixed(2);
    const section = [
      '## Transport (bench/transport.bench.ts)',
      '',
      `Lab fleet on 127.0.0.1, ${fleet.devices.length} devices, time scale 1/10000; Node ${process.version}, ` +
        `${availableParallelism()} CPUs; run ${new Date().toISOString()}.`,
      '',
      `### Per-command overhead: \`${COMMAND}\` on ${device.name}, ${iterations} iterations (after ${warm} warm-up)`,
      '',
      '| path | p50 ms | p99 ms | mean ms |',
      '|---|---|---|---|',
      `| CliSession.run (pty shell, prompt matching) | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.mean)} |`,
      `| bare ssh2 exec (new channel per command) | ${ms(b.p50)} | ${ms(b.p99)} | ${ms(b.mean)} |`,
      `| ratio (session / exec) | ${(s.p50 / b.p50).toFixed(2)} | ${(s.p99 / b.p99).toFixed(2)} | ${(s.mean / b.mean).toFixed(2)} |`,
      '',
      `### Sessions per second through SessionPool: ${sessions} x (open + \`show clock\` + close)`,
      '',
      '| max sessions | sessions/s | p50 ms per session (incl. wait for a slot) | p99 ms (same) |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.max} | ${r.perSecond.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} |`),
      '',
      'Open = TCP + SSH handshake + auth + pty shell + prompt learning (25 ms settle) + `enable` + paging off.',
    ].join('\n');
    writeResultsSection('transport', section);
    process.stdout.write(section + '\n');
  } finally {
    await fleet.stop();
  }
}

await main();
