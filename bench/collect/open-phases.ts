/**
 * Where a session open's time goes, before and after the pipelined login: the same lab devices opened
 * one at a time (latency, not contention) with `loginStyle: 'serial'` (the old login: 25 ms prompt settle,
 * then `enable`, `terminal length 0` and `terminal width 511` one round trip each) and with the default
 * pipelined login, interleaved. Phases come from the transport's own `onOpen` timings.
 */
import type { LabDescriptor } from '../../src/compose/lab.js';
import type { DeviceTarget } from '../../src/ports/cli-session.js';
import { Ssh2Transport, type LoginStyle, type OpenTimings } from '../../src/transport/index.js';
import { median } from './stats.js';

export const PHASES: readonly { key: keyof OpenTimings; label: string }[] = [
  { key: 'tcpMs', label: 'TCP connect' },
  { key: 'handshakeMs', label: 'SSH handshake (version + key exchange)' },
  { key: 'authMs', label: 'SSH authentication' },
  { key: 'shellMs', label: 'channel + pty + shell' },
  { key: 'promptMs', label: 'first prompt (banner, prompt learning)' },
  { key: 'setupMs', label: 'enable + paging off' },
  { key: 'totalMs', label: 'total' },
];

export type PhaseMedians = Record<LoginStyle, Partial<Record<keyof OpenTimings, number>>>;

export async function measureOpenPhases(lab: LabDescriptor, opens: number): Promise<PhaseMedians> {
  const samples: Record<LoginStyle, OpenTimings[]> = { serial: [], pipelined: [] };
  const transports: Record<LoginStyle, Ssh2Transport> = {
    serial: new Ssh2Transport({ loginStyle: 'serial', onOpen: (_h, t) => samples.serial.push(t) }),
    pipelined: new Ssh2Transport({ onOpen: (_h, t) => samples.pipelined.push(t) }),
  };
  for (let i = 0; i < opens; i++) {
    const d = lab.devices[i % lab.devices.length]!;
    const target: DeviceTarget = {
      name: d.name,
      address: '127.0.0.1',
      port: d.port,
      credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret ?? '' },
    };
    // Alternate which goes first, so neither always meets a warmer device.
    const order: LoginStyle[] = i % 2 === 0 ? ['serial', 'pipelined'] : ['pipelined', 'serial'];
    for (const style of order) {
      const session = await transports[style].open(target);
      await session.close();
    }
  }
  const medians = (list: OpenTimings[]): Partial<Record<keyof OpenTimings, number>> =>
    Object.fromEntries(PHASES.map(({ key }) => [key, median(list.map((t) => t[key] ?? 0))]));
  return { serial: medians(samples.serial), pipelined: medians(samples.pipelined) };
}
