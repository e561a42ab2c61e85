import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDeviceFacts, packageIsVersion, versionProblems } from '../../../src/devices/iosxe/index.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus', import.meta.url));
const corpus = (command: string, sample: string): string =>
  readFileSync(join(CORPUS, command, `${sample}.raw`), 'utf8');

describe('buildDeviceFacts (pure) on real device output', () => {
  it('a StackWise Virtual C9500 in install mode with a standby HOT peer', () => {
    const facts = buildDeviceFacts('svl', {
      version: corpus('show_version', 'ntc-show_version4'),
      dir: corpus('dir', 'genie-golden_output_asr1k'),
      flash: 'flash:',
      redundancy: corpus('show_redundancy', 'genie-golden_output_c9400'),
      boot: corpus('show_boot', 'genie-golden_output_cat9300'),
    });
    expect(facts.version).toBe('16.09.03');
    expect(facts.model).toBe('C9500-40X');
    expect(facts.family).toBe('cat9500');
    expect(facts.serial).toBe('FCW2233FFG3');
    expect(facts.uptimeSeconds).toBeGreaterThan(365 * 86_400);
    expect(facts.bootMode).toBe('install');
    expect(facts.image).toBe('flash:packages.conf');
    expect(facts.redundancy).toMatchObject({
      kind: 'svl',
      mode: 'sso',
      myState: 'ACTIVE',
      peerState: 'STANDBY HOT',
    });
    expect(facts.flash).toMatchObject({ device: 'flash:', totalBytes: 1940303872, freeBytes: 1036210176 });
    expect(facts.flash.files.map((f) => f.name)).toContain('kak1');
    expect(facts.bootVariable).toEqual(['flash:packages.conf']);
    // show install summary was not given: the defaults say so, not a guess.
    expect(facts.install).toEqual({ packages: [], uncommitted: false, autoAbortTimerActive: false });
  });

  it('a stack: members from show switch, a V-Mismatch member is a version problem', () => {
    const facts = buildDeviceFacts('stack', {
      version: corpus('show_version', 'ntc-show_version4'),
      dir: corpus('dir', 'genie-golden_output_asr1k'),
      switch: corpus('show_switch', 'genie-golden_output_c3850'),
      installSummary: corpus('show_install_summary', 'genie-golden_output'),
    });
    expect(facts.stack.map((m) => [m.number, m.role, m.state])).toEqual([
      [1, 'Active', 'Ready'],
      [2, 'Standby', 'Ready'],
      [3, 'Member', 'Ready'],
      [4, 'Member', 'V-Mismatch'],
    ]);
    expect(facts.stack[0]?.version).toBe('16.09.03');
    expect(facts.install.uncommitted).toBe(true);
    expect(facts.install.autoAbortTimerActive).toBe(true);
    expect(facts.install.autoAbortRemaining).toBe('01:49:42');
    expect(versionProblems(facts, '16.9.3')).toEqual(['stack member 4 is V-Mismatch']);
    expect(versionProblems(facts, '17.9.5')[0]).toBe('runs 16.09.03, expected 17.09.05');
  });

  it('an optional command that failed or did not parse is a warning, not a guess', () => {
    const facts = buildDeviceFacts('isr', {
      version: corpus('show_version', 'genie-golden_output_isr4k'),
      dir: corpus('dir', 'genie-golden_output_asr1k'),
      switch: 'garbage that is not show switch',
      errors: { redundancy: "% Invalid input detected at '^' marker." },
    });
    expect(facts.stack).toEqual([]);
    expect(facts.redundancy.kind).toBe('none');
    expect(facts.warnings.join('\n')).toMatch(/show switch/);
    expect(facts.warnings.join('\n')).toMatch(/redundancy: % Invalid input/);
  });

  it('show version that cannot be read throws unexpected_output', () => {
    expect(() => buildDeviceFacts('x', { version: 'nonsense', dir: '' })).toThrow(
      expect.objectContaining({ code: 'unexpected_output' }),
    );
  });
});

describe('packageIsVersion', () => {
  it('matches package lines and image names, never the k9 before the version', () => {
    expect(packageIsVersion('17.09.05.0.6', '17.9.5')).toBe(true);
    expect(packageIsVersion('cat9k_iosxe.17.09.05.SPA.bin', '17.09.05')).toBe(true);
    expect(packageIsVersion('isr4300-universalk9.17.09.05.SPA.bin', '17.09.05')).toBe(true);
    expect(packageIsVersion('isr4300-universalk9.17.09.05.SPA.bin', '9.17.9')).toBe(false);
    expect(packageIsVersion('16.6.6.0', '17.06.06')).toBe(false);
    expect(packageIsVersion('bootflash:utah.bm.smu.may15.bin', '17.09.05')).toBe(false);
  });
});
