/**
 * Every lab fault through the engine over real SSH, each on its own clone of a StackWise Virtual core
 * (acme-nyc-core01: two members, two BGP neighbours) in one shared fleet, the runs concurrent.
 *
 * The rig's operator approves every request, like `warroom run --yes`: that is the proof that auto-approval
 * cannot override a failed non-negotiable check. Pre-flight faults never reach the approval at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRunReport,
  findImage,
  renderRunReportMarkdown,
  type RunSummary,
} from '../../src/engine/index.js';
import type { LabFault } from '../../src/inventory/schema.js';
import { startEngineRig, type EngineRig } from './engine-rig.js';

const SEED = 'acme-nyc-core01';
const WINDOW = 'W-ACME-2026-12-05';
const FROM = '17.06.05';
const TARGET = '17.09.05';

/** One clone per scenario, in this order (clone names are the seed's plus -c001, -c002, ...). */
const SCENARIOS = {
  flash_too_small: 'flash_too_small',
  corrupt_transfer: 'corrupt_transfer',
  backup_fails: 'backup_fails',
  auth_fails: 'auth_fails',
  returns_old_version: 'returns_old_version',
  bgp_neighbor_down: { kind: 'bgp_neighbor_down', neighbor: '203.0.113.5' },
  // Default: the first up interface with an address (an uplink).
  interface_down: 'interface_down',
  // The lab fires it on any version change, the rollback's too: once is the upgrade's.
  stack_member_mismatch: { kind: 'stack_member_mismatch', times: 1 },
  process_crash: 'process_crash',
  never_returns: 'never_returns',
  slow_device: { kind: 'slow_device', factor: 3 },
  drop_install_summary: { kind: 'drop_mid_command', command: 'show install summary' },
  drop_copy: { kind: 'drop_mid_command', command: 'copy scp:', times: 1 },
  // The network faults: once each, the upgrade's reload; the diff must name what went.
  lldp_neighbor_lost: { kind: 'lldp_neighbor_lost', times: 1 },
  ospf_neighbor_stuck: { kind: 'ospf_neighbor_stuck', times: 1 },
  route_loss: { kind: 'route_loss', times: 1 },
  hsrp_flip: { kind: 'hsrp_flip', times: 1 },
  power_supply_failed: { kind: 'power_supply_failed', times: 1 },
} as const satisfies Record<string, LabFault | LabFault['kind']>;
type Scenario = keyof typeof SCENARIOS;

const NAMES = Object.keys(SCENARIOS) as Scenario[];
const hostOf = (s: Scenario): string => `${SEED}-c${String(NAMES.indexOf(s) + 1).padStart(3, '0')}`;

interface Outcome {
  summary: RunSummary;
  host: string;
  /** The run report, the failure message of every assertion. */
  text: string;
}

describe('lab faults end in their documented outcome', () => {
  let rig: EngineRig;
  let image: string;
  const outcomes = new Map<Scenario, Promise<Outcome>>();
  beforeAll(async () => {
    rig = await startEngineRig({
      hosts: [SEED],
      clone: NAMES.length,
      faults: Object.fromEntries(NAMES.map((s) => [hostOf(s), [SCENARIOS[s]]])),
    });
    const seed = rig.fleet.inventory.hosts.find((h) => h.name === hostOf('flash_too_small'))!;
    image = findImage(rig.fleet.catalogue, seed, TARGET)!.file;
    // Every scenario runs at once, each its own run of the window on its own clone; the tests await theirs.
    for (const s of NAMES) {
      const host = hostOf(s);
      // A device that never comes back is given up on after 5 s rather than the lab's 15 s floor.
      const timeouts = s === 'never_returns' ? { reloadMs: 5_000 } : undefined;
      const outcome = rig
        .run(WINDOW, { hosts: [host], runId: `faults-${s}`, ...(timeouts ? { timeouts } : {}) })
        .then((summary) => ({
          summary,
          host,
          text: renderRunReportMarkdown(buildRunReport(rig.store, summary.runId)),
        }));
      outcome.catch(() => undefined); // reported by the scenario's own test
      outcomes.set(s, outcome);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    await rig?.stop();
  });

  const run = (s: Scenario): Promise<Outcome> => outcomes.get(s)!;
  const device = (host: string) => rig.fleet.device(host).device.describe();
  const gates = (host: string) => rig.operator.requests.filter((r) => r.host === host && r.kind === 'gate');

  /** Failed before anything disruptive: never asked to approve, never reloaded, still on the old version. */
  const expectStoppedBeforeDisruption = (host: string, text: string): void => {
    expect(gates(host), text).toHaveLength(0);
    const d = device(host);
    expect(d.reloads).toBe(0);
    expect(d.version).toBe(FROM);
  };

  describe('pre-flight faults fail the host before the image is pushed or anything disruptive', () => {
    // The operator here approves everything, as `warroom run --yes` would; these hosts still stop, because
    // the checks that fail are non-negotiable and come before the approval.
    it('flash_too_small: the free-flash check fails; the image never reaches flash', async () => {
      const { summary, host, text } = await run('flash_too_small');
      expect(summary.hosts[0], text).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^free-flash failed/),
      });
      expectStoppedBeforeDisruption(host, text);
      expect(device(host).flash.files.map((f) => f.name)).not.toContain(image);
    }, 120_000);

    it('corrupt_transfer: the MD5 check fails and the bad copy is deleted', async () => {
      const { summary, host, text } = await run('corrupt_transfer');
      expect(summary.hosts[0], text).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^stage failed/),
      });
      expect(text).toMatch(/hash_mismatch/);
      expectStoppedBeforeDisruption(host, text);
      expect(device(host).flash.files.map((f) => f.name)).not.toContain(image);
    }, 120_000);

    it('backup_fails: no backup, no staging', async () => {
      const { summary, host, text } = await run('backup_fails');
      expect(summary.hosts[0], text).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^backup-config failed/),
      });
      expect(text).toMatch(/backup_failed/);
      expectStoppedBeforeDisruption(host, text);
      expect(device(host).flash.files.map((f) => f.name)).not.toContain(image);
    }, 120_000);

    it('auth_fails: the first check fails with auth_failed', async () => {
      const { summary, host, text } = await run('auth_fails');
      expect(summary.hosts[0], text).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^reachable failed/),
      });
      expect(text).toMatch(/auth_failed/);
      expectStoppedBeforeDisruption(host, text);
    }, 120_000);
  });

  describe('post-check faults roll the host back to the old version', () => {
    const expectRolledBack = (host: string, summary: RunSummary, text: string, failedStep: RegExp): void => {
      expect(summary.hosts[0], text).toMatchObject({
        status: 'rolled_back',
        reason: expect.stringMatching(failedStep),
      });
      expect(gates(host), text).toHaveLength(1);
      const d = device(host);
      expect(d.version, text).toBe(FROM);
      expect(text).toMatch(/rollback\/rb-verify \| passed/);
      expect(summary.needsAttention.map((h) => h.host)).toEqual([host]);
    };

    it('returns_old_version: the version check after activation fails', async () => {
      const { summary, host, text } = await run('returns_old_version');
      expectRolledBack(host, summary, text, /^activate failed.*runs 17\.06\.05, expected 17\.09\.05/);
    }, 120_000);

    it('bgp_neighbor_down: the diff finds a lost neighbour', async () => {
      const { summary, host, text } = await run('bgp_neighbor_down');
      expectRolledBack(host, summary, text, /^diff failed.*bgp\.lost/);
    }, 120_000);

    it('interface_down: the diff finds a new down interface', async () => {
      const { summary, host, text } = await run('interface_down');
      // The uplink is down: the default route is gone before the diff sees the interface.
      expectRolledBack(host, summary, text, /^(customer-check|diff) failed/);
    }, 120_000);

    it('stack_member_mismatch: a member left on the old version fails the activation', async () => {
      const { summary, host, text } = await run('stack_member_mismatch');
      expectRolledBack(host, summary, text, /^activate failed.*V-Mismatch/);
    }, 120_000);

    // The diff's verdict is the failure's message: it names what was lost, where, and on what.
    it('lldp_neighbor_lost: the diff names the LLDP neighbour lost and its interface', async () => {
      const { summary, host, text } = await run('lldp_neighbor_lost');
      expectRolledBack(
        host,
        summary,
        text,
        /^diff failed: pre\/post diff: 1 LLDP neighbour lost on Twe1\/0\/\d+ \(acme-nyc-acc01\).*not met: neighbors\.lost == 0/,
      );
    }, 120_000);

    it('ospf_neighbor_stuck: the diff names both adjacencies stuck in EXSTART and the OSPF routes gone', async () => {
      const { summary, host, text } = await run('ospf_neighbor_stuck');
      expectRolledBack(
        host,
        summary,
        text,
        /^diff failed: pre\/post diff: OSPF neighbour \S+ on Vlan10 stuck in EXSTART; OSPF neighbour \S+ on Vlan10 stuck in EXSTART; ospf routes \d+ -> 0 \(-100%\)/,
      );
    }, 120_000);

    it('route_loss: the diff names the BGP routes dropped past the tolerance', async () => {
      const { summary, host, text } = await run('route_loss');
      expectRolledBack(
        host,
        summary,
        text,
        /^diff failed: pre\/post diff: bgp routes (\d+) -> (\d+) \(-[1-9]\d\.\d%\).*not met: routes\.dropped == 0/,
      );
    }, 120_000);

    it('hsrp_flip: the diff names the HSRP group that went Standby', async () => {
      const { summary, host, text } = await run('hsrp_flip');
      expectRolledBack(
        host,
        summary,
        text,
        /^diff failed: pre\/post diff: HSRP Vlan10 group 10 Active -> Standby.*not met: hsrp\.moved == 0/,
      );
    }, 120_000);

    it('power_supply_failed: the diff names the power supply that failed', async () => {
      const { summary, host, text } = await run('power_supply_failed');
      expectRolledBack(
        host,
        summary,
        text,
        /^diff failed: pre\/post diff: power supply 2\/PS1 Critical.*not met: hardware\.failed == 0/,
      );
      // The report leads its diff with the same verdict.
      expect(text).toMatch(/\*\*Verdict:\*\* power supply 2\/PS1 Critical/);
    }, 120_000);

    it('process_crash: the crash in the log fails the upgrade', async () => {
      const { summary, host, text } = await run('process_crash');
      // The watch around the activation flags it; the diff would too.
      expectRolledBack(
        host,
        summary,
        text,
        /^(back-on-target failed: .*watch-activate|diff failed: .*crashes)/,
      );
    }, 120_000);
  });

  it('never_returns: the host is parked for a person, saying the device did not come back', async () => {
    const { summary, host, text } = await run('never_returns');
    expect(summary.hosts[0], text).toMatchObject({ status: 'parked' });
    // The reason leads with why the host was rolling back, then why the rollback could not finish.
    expect(summary.hosts[0]?.reason, text).toMatch(
      /^activate failed: .*no SSH answer within .* after the reload.*; then rollback step rb-abort failed: .*the device needs a person$/,
    );
    expect(summary.needsAttention.map((h) => h.host)).toEqual([host]);
    expect(device(host).power).toBe('down');
  }, 120_000);

  it('slow_device: three times slower, still succeeds, and never claims a version it does not run', async () => {
    const { summary, host, text } = await run('slow_device');
    const d = device(host);
    if (d.reloads > 1) {
      // A machine so loaded that the device's auto-abort timer (120 device minutes: 12 real seconds at
      // 1/600) ran out before the commit: the device reloaded into its old version, and the run says so.
      expect(summary.hosts[0]!.status, text).not.toBe('succeeded');
      expect(d.version).toBe(FROM);
      return;
    }
    expect(summary.hosts[0], text).toEqual({ host, status: 'succeeded' });
    expect(d.version).toBe(TARGET);
  }, 120_000);

  it('drop_mid_command on show install summary: the host fails clearly, before anything disruptive', async () => {
    const { summary, host, text } = await run('drop_install_summary');
    expect(summary.hosts[0], text).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/session/i),
    });
    expectStoppedBeforeDisruption(host, text);
  }, 120_000);

  it('drop_mid_command once during the image copy: the stage step fails clearly, before any approval', async () => {
    // session_closed is not retried: the copy may have half-happened, and a person should look first.
    const { summary, host, text } = await run('drop_copy');
    expect(summary.hosts[0], text).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^stage failed: .*session closed while running "copy scp:/),
    });
    expectStoppedBeforeDisruption(host, text);
  }, 120_000);
});
