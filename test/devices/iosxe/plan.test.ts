import { describe, expect, it } from 'vitest';
import { issuReleaseVerdict, planUpgrade, type UpgradeMethod } from '../../../src/devices/iosxe/index.js';
import { factsFor, imageFor, seedHost, seedInventory } from './fixtures.js';

const source = { protocol: 'scp' as const, host: '192.0.2.5', username: 'warroom', path: '/images' };

describe('planUpgrade over the seed fleet to 17.09.05', () => {
  // What the decision trees of seeds/001 give for each host of the seed fleet.
  const expected: Record<string, UpgradeMethod> = {
    'acme-nyc-core01': 'issu', // C9500 SVL, 17.6 -> 17.9 is the next EM train
    'acme-nyc-acc01': 'install', // C9300 stack: never ISSU
    'acme-bos-edge01': 'install', // ISR 4451
    'globex-chi-core01': 'issu', // C9407R dual sup
    'globex-chi-edge01': 'install', // ASR 1001-X: one RP
    'globex-dal-acc01': 'bundle', // C9300 stack in bundle mode
    'initech-sfo-core01': 'issu', // C9606R dual sup
    'initech-sfo-edge01': 'bundle', // ISR 4331 in bundle mode
    'initech-sea-acc01': 'install', // standalone C9300
    'umbrella-lon-core01': 'issu',
    'umbrella-lon-edge01': 'install',
    'umbrella-lon-edge02': 'install',
  };

  for (const host of seedInventory().hosts) {
    it(`${host.name}: ${expected[host.name]}`, () => {
      const plan = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { source });
      expect(plan.method).toBe(expected[host.name]);
      expect(plan.blockers).toEqual([]);
      expect(plan.reasons.length).toBeGreaterThanOrEqual(2);
      expect(plan.commands.verify).toEqual([`verify /md5 ${plan.image.path}`]);
      expect(plan.commands.stage[0]).toBe(
        `copy scp://warroom@192.0.2.5/images/${plan.image.file} ${plan.image.path.split(':')[0]}:`,
      );
      expect(plan.rollback.length).toBeGreaterThan(0);
      expect(plan.requiredFreeBytes).toBeGreaterThan(plan.image.size);
    });
  }
});

describe('planUpgrade decisions', () => {
  it('install mode, three-step: add, activate, commit; rollback is install abort before commit', () => {
    const host = seedHost('initech-sea-acc01');
    const plan = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { autoAbortMinutes: 90 });
    expect(plan.method).toBe('install');
    expect(plan.commands.prepare).toEqual(['install add file flash:cat9k_iosxe.17.09.05.SPA.bin']);
    expect(plan.commands.activate).toEqual(['install activate auto-abort-timer 90']);
    expect(plan.commands.commit).toEqual(['install commit']);
    expect(plan.rollback).toEqual(['install abort']);
    expect(plan.rollbackAfterCommit).toEqual(['install rollback to base']);
    expect(plan.requiredFreeBytes).toBe(Math.ceil(imageFor(host, '17.09.05').size * 2.5));
    expect(plan.warnings.join()).toMatch(/no image source/);
  });

  it('one-shot install and the ISSU one-shot form', () => {
    const host = seedHost('acme-bos-edge01');
    const one = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { installStyle: 'one_shot' });
    expect(one.commands.activate).toEqual([
      'install add file bootflash:isr4400-universalk9.17.09.05.SPA.bin activate commit',
    ]);
    expect(one.rollback).toEqual(['install rollback to base']);
    const core = seedHost('globex-chi-core01');
    const issu = planUpgrade(factsFor(core), core, imageFor(core, '17.09.05'), { installStyle: 'one_shot' });
    expect(issu.method).toBe('issu');
    expect(issu.commands.activate).toEqual([
      'install add file bootflash:cat9k_iosxe.17.09.05.SPA.bin activate issu commit',
    ]);
    expect(issu.reasons.join('\n')).toMatch(/standby first/);
  });

  it('ISSU: no when the peer is not STANDBY HOT, when disallowed, or across more than one EM train', () => {
    const host = seedHost('globex-chi-core01');
    const image = imageFor(host, '17.09.05');
    const cold = factsFor(host, {
      redundancy: { kind: 'dual_sup', mode: 'rpr', myState: 'ACTIVE', peerState: 'STANDBY COLD' },
    });
    const a = planUpgrade(cold, host, image);
    expect(a.method).toBe('install');
    expect(a.reasons.join('\n')).toMatch(/STANDBY HOT/);
    expect(a.warnings.join('\n')).toMatch(/both supervisors/);
    expect(planUpgrade(factsFor(host), host, image, { allowIssu: false }).method).toBe('install');
    const old = factsFor(host, { version: '17.03.04' });
    const b = planUpgrade(old, host, image);
    expect(b.method).toBe('install');
    expect(b.reasons.join('\n')).toMatch(/skips EM trains/);
  });

  it('ISSU release verdicts follow the train table and the platform minimum', () => {
    expect(issuReleaseVerdict('17.06.01', '17.06.05', '16.09.01').ok).toBe(true);
    expect(issuReleaseVerdict('17.06.05', '17.09.05', '16.09.01').ok).toBe(true);
    expect(issuReleaseVerdict('17.03.04', '17.09.05', '16.09.01').ok).toBe(false);
    expect(issuReleaseVerdict('17.09.05', '17.06.05', '16.09.01').ok).toBe(false);
    expect(issuReleaseVerdict('16.09.01', '16.12.01', '16.12.01').ok).toBe(false);
    expect(issuReleaseVerdict('17.04.01', '17.06.01', '16.09.01').reason).toMatch(
      /not an Extended Maintenance/,
    );
  });

  it('single supervisor 9400 and a 9300 stack never get ISSU', () => {
    const host = seedHost('globex-chi-core01');
    const single = factsFor(host, { redundancy: { kind: 'none', mode: 'none' } });
    const p = planUpgrade(single, host, imageFor(host, '17.09.05'));
    expect(p.method).toBe('install');
    expect(p.reasons.join('\n')).toMatch(/needs dual_sup/);
    const stack = seedHost('acme-nyc-acc01');
    const s = planUpgrade(factsFor(stack), stack, imageFor(stack, '17.09.05'));
    expect(s.method).toBe('install');
    expect(s.reasons.join('\n')).toMatch(/not ISSU-capable/);
    expect(s.reasons.join('\n')).toMatch(/stack of 3: .*every member/);
  });

  it('bundle mode: boot variable with the old image kept as fallback; rollback reverts it', () => {
    const host = seedHost('initech-sfo-edge01');
    const plan = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { bundleMarginBytes: 1000 });
    expect(plan.method).toBe('bundle');
    expect(plan.commands.prepare).toEqual([
      'configure terminal',
      'no boot system',
      'boot system bootflash:isr4300-universalk9.17.09.05.SPA.bin',
      'boot system bootflash:isr4300-universalk9.16.12.05.SPA.bin',
      'end',
      'write memory',
    ]);
    expect(plan.commands.activate).toEqual(['reload']);
    expect(plan.rollback).toEqual([
      'configure terminal',
      'no boot system',
      'boot system bootflash:isr4300-universalk9.16.12.05.SPA.bin',
      'end',
      'write memory',
      'reload',
    ]);
    expect(plan.requiredFreeBytes).toBe(imageFor(host, '17.09.05').size + 1000);
  });

  it('bundle-mode stack: boot system switch all, with a warning; converting when asked', () => {
    const host = seedHost('globex-dal-acc01');
    const image = imageFor(host, '17.09.05');
    const plan = planUpgrade(factsFor(host), host, image);
    expect(plan.commands.prepare).toContain('boot system switch all flash:cat9k_iosxe.17.09.05.SPA.bin');
    expect(plan.warnings.join('\n')).toMatch(/bundle-mode stack/);
    const conv = planUpgrade(factsFor(host), host, image, { convertToInstall: true });
    expect(conv.method).toBe('install');
    expect(conv.commands.prepare).toContain('boot system switch all flash:packages.conf');
    expect(conv.commands.activate).toEqual([
      'install add file flash:cat9k_iosxe.17.09.05.SPA.bin activate commit',
    ]);
    expect(conv.rollback).toContain('boot system switch all flash:cat9k_iosxe.17.03.04.SPA.bin');
    expect(conv.reasons.join('\n')).toMatch(/converting to install mode/);
  });

  it('already on target: method none, no commands', () => {
    const host = seedHost('acme-bos-edge01');
    const plan = planUpgrade(factsFor(host, { version: '17.09.05' }), host, imageFor(host, '17.09.05'));
    expect(plan.method).toBe('none');
    expect(Object.values(plan.commands).flat()).toEqual([]);
    expect(plan.reasons[0]).toMatch(/already runs 17.09.05/);
    expect(plan.warnings.join()).toMatch(/inventory says 17.06.05/);
  });

  it('blocks on short flash, uncommitted installs, a mismatched stack member, a wrong-family image', () => {
    const host = seedHost('acme-nyc-acc01');
    const image = imageFor(host, '17.09.05');
    const base = factsFor(host);
    const short = planUpgrade({ ...base, flash: { ...base.flash, freeBytes: 1_000_000 } }, host, image);
    expect(short.blockers.join()).toContain(`1000000 bytes free, ${Math.ceil(image.size * 2.5)} needed`);
    const busy = planUpgrade(
      { ...base, install: { ...base.install, uncommitted: true, autoAbortTimerActive: true } },
      host,
      image,
    );
    expect(busy.blockers).toHaveLength(2);
    const stack = base.stack.map((m) => (m.number === 3 ? { ...m, state: 'V-Mismatch' } : m));
    expect(planUpgrade({ ...base, stack }, host, image).blockers.join()).toMatch(/3 V-Mismatch/);
    const isr = seedHost('acme-bos-edge01');
    expect(planUpgrade(factsFor(isr), isr, image).blockers.join()).toMatch(/not an image for ISR 4400/);
  });

  it('an image already on flash needs only the extraction space and is not copied again', () => {
    const host = seedHost('initech-sea-acc01');
    const image = imageFor(host, '17.09.05');
    const f = factsFor(host);
    const facts = {
      ...f,
      flash: { ...f.flash, files: [...f.flash.files, { name: image.file, size: image.size }] },
    };
    const plan = planUpgrade(facts, host, image, { source });
    expect(plan.image.present).toBe(true);
    expect(plan.commands.stage).toEqual([]);
    expect(plan.requiredFreeBytes).toBe(Math.ceil(image.size * 2.5) - image.size);
  });

  it('is pure: the same inputs give the same plan', () => {
    const host = seedHost('umbrella-lon-core01');
    const a = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { source });
    const b = planUpgrade(factsFor(host), host, imageFor(host, '17.09.05'), { source });
    expect(a).toEqual(b);
  });
});
