/**
 * collectFacts against the lab over real SSH: several hosts at once, each parsed; a host that refuses the
 * login, one that drops the session mid-command, one not served and one whose port is closed each fail
 * alone; the concurrency bound holds; a refused command contacts nobody; an abort stops the rest.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts, type HostFacts } from '../../src/collect/index.js';
import { WarroomError } from '../../src/core/errors.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import type { CliSession, DeviceTarget, Transport } from '../../src/ports/cli-session.js';
import { Ssh2Transport } from '../../src/transport/index.js';

const HEALTHY = ['acme-nyc-core01', 'acme-nyc-acc01', 'globex-chi-core01', 'initech-sfo-core01'];
const REFUSES_LOGIN = 'acme-bos-edge01';
const DROPS = 'globex-chi-edge01';
const SLOW = 'umbrella-lon-core01';
const COMMANDS = ['show version', 'show ip interface brief', 'show ip bgp summary'];

/** The real transport, counting sessions asked for and not yet closed (the bound collect promises). */
function countingTransport(inner: Transport): Transport & { opens: number; peak: number } {
  let live = 0;
  const counter = {
    opens: 0,
    peak: 0,
    async open(target: DeviceTarget, options?: { connectTimeoutMs?: number; signal?: AbortSignal }) {
      counter.opens++;
      counter.peak = Math.max(counter.peak, ++live);
      let session: CliSession;
      try {
        session = await inner.open(target, options);
      } catch (err) {
        live--;
        throw err;
      }
      let counted = true;
      return Object.assign(Object.create(session) as CliSession, {
        run: session.run.bind(session),
        runReads: session.runReads.bind(session),
        configure: session.configure.bind(session),
        close: () => {
          if (counted) live--;
          counted = false;
          return session.close();
        },
      });
    },
  };
  return counter;
}

describe('collectFacts against the lab', () => {
  let fleet: LabFleet;
  let closedPort: number;
  const transport = new Ssh2Transport({ retry: { attempts: 1 }, commandTimeoutMs: 10_000 });

  const target = (host: string): DeviceTarget => {
    if (host === 'closed-port')
      return {
        name: host,
        address: '127.0.0.1',
        port: closedPort,
        credentials: { username: 'x', password: 'y' },
      };
    const d = fleet.device(host);
    return {
      name: d.name,
      address: d.host,
      port: d.port,
      hostKey: d.hostKeyFingerprint,
      credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret },
    };
  };

  beforeAll(async () => {
    fleet = await startLabFleet({
      timeScale: 1 / 1000,
      hosts: [...HEALTHY, REFUSES_LOGIN, DROPS, SLOW],
      faults: {
        [REFUSES_LOGIN]: ['auth_fails'],
        [DROPS]: [{ kind: 'drop_mid_command', command: 'show ip interface brief' }],
        // 40 device ms per command, 1/1000 real, times a million: a command that takes 40 s.
        [SLOW]: [{ kind: 'slow_device', factor: 1_000_000 }],
      },
    });
    // A port nothing listens on: bind one, note it, close it.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((done) => probe.close(() => done()));
  });
  afterAll(async () => fleet?.stop());

  it('reads every host at once, parsed; each faulty host fails alone with its reason', async () => {
    const hosts = [...HEALTHY, REFUSES_LOGIN, DROPS, 'not-served', 'closed-port'];
    const streamed: HostFacts[] = [];
    const records = await collectFacts({
      hosts,
      commands: COMMANDS,
      transport,
      target: (host) => {
        if (host === 'not-served') throw new WarroomError('not_found', `the lab serves no host ${host}`);
        return target(host);
      },
      concurrency: 8,
      onResult: (facts) => streamed.push(facts),
    });
    expect(records.map((r) => r.host)).toEqual(hosts);
    expect(new Set(streamed.map((r) => r.host))).toEqual(new Set(hosts));
    for (const name of HEALTHY) {
      const r = records.find((x) => x.host === name)!;
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.error).toBeUndefined();
      expect(Object.keys(r.results)).toEqual(COMMANDS);
      expect(r.results['show version']).toMatchObject({
        version: fleet.device(name).version,
        hostname: name,
      });
      expect(
        (r.results['show ip interface brief'] as { interfaces: unknown[] }).interfaces.length,
      ).toBeGreaterThan(0);
      expect(r.results['show ip bgp summary']).toBeDefined();
      expect(r.raw).toBeUndefined();
    }
    const byHost = Object.fromEntries(records.map((r) => [r.host, r]));
    expect(byHost[REFUSES_LOGIN]).toMatchObject({ ok: false, results: {}, error: { code: 'auth_failed' } });
    expect(byHost[DROPS]).toMatchObject({
      ok: false,
      error: { code: 'session_closed', command: 'show ip interface brief' },
    });
    // What the dropping host answered before the drop is kept.
    expect(Object.keys(byHost[DROPS]!.results)).toEqual(['show version']);
    expect(byHost['not-served']).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'the lab serves no host not-served' },
    });
    expect(byHost['closed-port']).toMatchObject({ ok: false, error: { code: 'connection_refused' } });
    // Nothing secret in any record.
    const text = JSON.stringify(records);
    for (const d of fleet.devices) {
      expect(text).not.toContain(d.password);
      expect(text).not.toContain(d.enableSecret);
    }
  });

  it('never works on more hosts at once than the concurrency', async () => {
    const counting = countingTransport(transport);
    const records = await collectFacts({
      hosts: [...HEALTHY, ...HEALTHY.map((h) => h)],
      commands: ['show version'],
      transport: counting,
      target,
      concurrency: 2,
    });
    expect(records).toHaveLength(HEALTHY.length * 2);
    expect(records.every((r) => r.ok)).toBe(true);
    expect(counting.opens).toBe(HEALTHY.length * 2);
    expect(counting.peak).toBeLessThanOrEqual(2);
  });

  it('refuses a command that is not read-only before contacting any host', async () => {
    const counting = countingTransport(transport);
    await expect(
      collectFacts({
        hosts: HEALTHY,
        commands: ['show version', 'write memory'],
        transport: counting,
        target,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('"write"') });
    await expect(
      collectFacts({
        hosts: HEALTHY,
        commands: ['show version'],
        transport: counting,
        target,
        concurrency: 0,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(counting.opens).toBe(0);
  });

  it('stops on abort: a host in flight ends ok:false, hosts not started have no record', async () => {
    const controller = new AbortController();
    const records = await collectFacts({
      hosts: [SLOW, HEALTHY[0]!, HEALTHY[1]!, HEALTHY[2]!],
      commands: ['show version'],
      transport,
      target,
      concurrency: 2,
      signal: controller.signal,
      // The first healthy host is done while the slow one still waits for its answer.
      onResult: (facts) => {
        if (facts.host === HEALTHY[0]) controller.abort(new Error('SIGINT'));
      },
    });
    expect(records.map((r) => r.host)).toEqual([SLOW, HEALTHY[0]]);
    expect(records[0]).toMatchObject({
      ok: false,
      error: { code: 'session_closed', message: `${SLOW}: collect interrupted before the host was done` },
    });
    expect(records[1]?.ok).toBe(true);
  });
});
