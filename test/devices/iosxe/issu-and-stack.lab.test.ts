/**
 * Redundant boxes over real SSH: ISSU on a StackWise Virtual C9500 (one-shot) and a dual-supervisor C9407R
 * (three-step), and a 3-member C9300 stack upgraded as one unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planUpgrade, type StepResult } from '../../../src/devices/iosxe/index.js';
import { imageFor, seedHost } from './fixtures.js';
import { stageOnServer, startRig, type LabRig } from './lab-rig.js';

const SVL = 'acme-nyc-core01';
const DUAL = 'globex-chi-core01';
const STACK = 'acme-nyc-acc01';

function ok<T>(r: StepResult<T>): StepResult<T> {
  expect(r.error?.message ?? '', `${r.step}: ${r.detail}\n${r.output}`).toBe('');
  expect(r.status).toBe('ok');
  return r;
}

describe('ISSU and stacks (lab)', () => {
  let rig: LabRig;
  const image = imageFor(seedHost(SVL), '17.09.05');

  beforeAll(async () => {
    rig = await startRig({ hosts: [SVL, DUAL, STACK] });
    await stageOnServer(rig, image);
  });
  afterAll(() => rig?.stop());

  it('SVL C9500: facts show SSO with the peer STANDBY HOT; the plan is ISSU; one-shot ISSU ends committed', async () => {
    const d = rig.driver(SVL);
    const facts = await d.readFacts();
    expect(facts.redundancy).toMatchObject({ kind: 'svl', mode: 'sso', peerState: 'STANDBY HOT' });
    const plan = planUpgrade(facts, seedHost(SVL), image, { source: rig.source, installStyle: 'one_shot' });
    expect(plan.method).toBe('issu');
    ok(await d.stageImage(image, 'flash:', rig.source, { factor: 2.5 }));
    const up = ok(await d.installOneShot(image, 'flash:', { issu: true }));
    expect(up.commands).toContain(`install add file flash:${image.file} activate issu commit`);
    expect(up.data?.facts).toMatchObject({ version: '17.09.05', redundancy: { peerState: 'STANDBY HOT' } });
    expect(up.data?.facts.install.uncommitted).toBe(false);
    expect(up.data?.facts.stack.every((m) => m.version === '17.09.05')).toBe(true);
    expect((await d.installOneShot(image, 'flash:', { issu: true })).status).toBe('skipped');
  });

  it('dual-supervisor C9407R: three-step ISSU (add, activate issu, commit)', async () => {
    const d = rig.driver(DUAL);
    const facts = await d.readFacts();
    expect(facts.redundancy).toMatchObject({ kind: 'dual_sup', mode: 'sso', peerState: 'STANDBY HOT' });
    const plan = planUpgrade(facts, seedHost(DUAL), image);
    expect(plan.method).toBe('issu');
    expect(plan.commands.activate).toEqual(['install activate issu']);
    ok(await d.stageImage(image, 'bootflash:', rig.source, { factor: 2.5 }));
    ok(await d.installAdd(image, 'bootflash:'));
    const up = ok(await d.installActivate('17.09.05', { issu: true }));
    expect(up.data?.facts.redundancy.peerState).toBe('STANDBY HOT');
    expect((await d.installCommit()).status).toMatch(/ok|skipped/);
    expect((await d.readFacts()).install.uncommitted).toBe(false);
  });

  it('C9300 stack of 3: one install upgrades every member together', async () => {
    const d = rig.driver(STACK);
    const facts = await d.readFacts();
    expect(facts.stack).toHaveLength(3);
    expect(facts.redundancy.kind).toBe('stack');
    const plan = planUpgrade(facts, seedHost(STACK), image);
    expect(plan.method).toBe('install');
    ok(await d.stageImage(image, 'flash:', rig.source, { factor: 2.5 }));
    const up = ok(await d.installOneShot(image, 'flash:'));
    expect(up.data?.facts.stack.map((m) => [m.version, m.state])).toEqual([
      ['17.09.05', 'Ready'],
      ['17.09.05', 'Ready'],
      ['17.09.05', 'Ready'],
    ]);
  });
});
