/**
 * expectedUpgradeDeviceMs against the device itself: a lab device runs the install-mode upgrade's
 * device-side commands while its LabTime records every span of device time it sleeps through to the end;
 * the sum must be what the pure model says. Recording requested spans (not elapsed real time) makes the
 * comparison exact whatever the machine's load.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LabDevice } from '../../../src/lab/device-contract.js';
import { createLabDevice, expectedUpgradeDeviceMs } from '../../../src/lab/index.js';
import type { LabTime } from '../../../src/lab/index.js';
import { CREDS, FakeFileServer, seedInventory, waitPower } from './helpers.js';

/** Lab time at 1/20000 that adds up every span a device sleeps through to its end (aborted ones do not count). */
function recordingTime(scale = 1 / 20_000): LabTime & { slept: () => number } {
  let total = 0;
  return {
    scale,
    // Never 0 for a real span, so the device sleeps (and we record) even the shortest one.
    toReal: (ms) => (ms > 0 ? Math.max(1, Math.round(ms * scale)) : 0),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const timer = setTimeout(
          () => {
            total += ms;
            resolve();
          },
          Math.round(ms * scale),
        );
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        });
      }),
    slept: () => total,
  };
}

const made: LabDevice[] = [];
afterEach(() => {
  for (const d of made.splice(0)) d.dispose();
});

const { hosts, catalogue } = seedInventory();
const installHosts = hosts.filter((h) => h.boot_mode === 'install').map((h) => h.name);

describe('expectedUpgradeDeviceMs', () => {
  it.each(installHosts)('matches the device time %s spends in an install-mode upgrade', async (name) => {
    const host = hosts.find((h) => h.name === name)!;
    const image = catalogue.find(
      (i) => i.version === '17.09.05' && i.file.startsWith(imagePrefix(host.model)),
    );
    if (!image) throw new Error(`no 17.09.05 image for ${host.model}`);
    const time = recordingTime();
    const device = createLabDevice({
      host: { ...host, lab: { ...host.lab, faults: [] } },
      catalogue,
      credentials: CREDS,
      fileServer: new FakeFileServer(catalogue),
      time,
    });
    made.push(device);
    const flash = device.describe().flash.device;
    const commands = [
      'install remove inactive',
      'write memory',
      `copy running-config tftp://127.0.0.1/backups/${name}.cfg`,
      `copy scp://netops@127.0.0.1/images/${image.file} ${flash}`,
      `verify /md5 ${flash}${image.file}`,
      `install add file ${flash}${image.file}`,
      'install activate',
    ];
    for (const command of commands) {
      const { output, code } = await device.exec(command);
      expect(code, `${command}\n${output}`).toBe(0);
    }
    await waitPower(device, 'booting');
    await waitPower(device, 'up');
    const commit = await device.exec('install commit');
    expect(commit.code, commit.output).toBe(0);
    expect(device.describe().version).toBe('17.09.05');

    const expected = expectedUpgradeDeviceMs(host, image, catalogue, { commands: commands.length + 1 });
    expect(Math.abs(time.slept() - expected.totalMs)).toBeLessThan(1);
    expect(expected.parts.reload).toBeGreaterThan(expected.parts.installAdd);
  });
});

function imagePrefix(model: string): string {
  if (/^C9/i.test(model)) return 'cat9k_iosxe';
  if (/^ISR43/i.test(model)) return 'isr4300';
  if (/^ISR44/i.test(model)) return 'isr4400';
  return 'asr1000';
}
