/**
 * System views engineers and their tools ask for: `show license summary` (Smart Licensing Using Policy),
 * `show memory statistics` (Ansible's ios_facts reads free memory from it), `show ip ssh`, `show users`.
 */
import type { DeviceState } from '../model/device-state.js';
import { seeded, seededHex } from '../model/seed.js';
import { formatHms } from './time-format.js';

function licenses(state: DeviceState): [string, string, number][] {
  const hw = state.hw;
  const count = hw.shape === 'stack' ? state.members.length : 1;
  switch (hw.family) {
    case 'isr4300':
    case 'isr4400': {
      const series = hw.family === 'isr4300' ? 'ISR_4331' : 'ISR_4400';
      return [
        ['appxk9', `${series}_Application`, 1],
        ['securityk9', `${series}_Security`, 1],
      ];
    }
    case 'asr1000':
      return [['advipservices', `${hw.model} Advanced IP Services`, 1]];
    default: {
      const model = hw.model.replace(/^(C9\d00)(-\d+)?.*$/, '$1$2');
      return [
        ['network-advantage', `${model} Network Advan...`, count],
        ['dna-advantage', `${model} DNA Advantage`, count],
      ];
    }
  }
}

export function renderLicenseSummary(state: DeviceState): string {
  const lines = [
    'License Usage:',
    '  License                 Entitlement Tag               Count Status',
    '  -----------------------------------------------------------------------------',
  ];
  for (const [name, tag, count] of licenses(state))
    lines.push(`  ${name.padEnd(24)}${`(${tag})`.padEnd(30)}${String(count).padStart(5)} IN USE`);
  return lines.join('\n') + '\n\n';
}

export function renderMemoryStatistics(state: DeviceState): string {
  const total = state.hw.mainMemoryK * 1024;
  const used = Math.round(total * (0.2 + (seeded(`mem:${state.host.name}`) % 15) / 100));
  const free = total - used;
  const head = (text: string): string => `7F${seededHex(text, 8).toUpperCase()}`;
  const row = (
    name: string,
    h: string,
    t: number,
    u: number,
    f: number,
    lowest: number,
    largest: number,
  ): string =>
    `${name.padStart(9)}  ${h}${String(t).padStart(12)}${String(u).padStart(12)}${String(f).padStart(12)}${String(lowest).padStart(12)}${String(largest).padStart(12)}`;
  return [
    '                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)',
    row('Processor', head(`p:${state.host.name}`), total, used, free, free - 1_294_000, free - 840_000),
    row('lsmpi_io', head(`l:${state.host.name}`), 6_295_128, 6_294_304, 824, 824, 412),
    '',
  ].join('\n');
}

export function renderShowIpSsh(): string {
  return [
    'SSH Enabled - version 2.0',
    'Authentication methods:publickey,keyboard-interactive,password',
    'Authentication Publickey Algorithms:ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-ed25519,rsa-sha2-256,rsa-sha2-512',
    'Hostkey Algorithms:ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256,ssh-rsa',
    'Encryption Algorithms:chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr',
    'MAC Algorithms:hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512',
    'KEX Algorithms:ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512',
    'Authentication timeout: 120 secs; Authentication retries: 3',
    'Minimum expected Diffie Hellman key size : 2048 bits',
    '',
  ].join('\n');
}

/** `show users`: the vty sessions logged in now, `*` on the one asking. */
export function renderShowUsers(
  state: DeviceState,
  now: number,
  self: { line: string; user: string },
): string {
  const lines = ['    Line       User       Host(s)              Idle       Location'];
  const sessions = [...state.sessions].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  if (!state.sessions.has(self.line))
    sessions.unshift([self.line, { user: self.user, from: '127.0.0.1', since: now }]);
  for (const [line, s] of sessions) {
    const n = Number(/\d+$/.exec(line)?.[0] ?? 0);
    const mark = line === self.line ? '*' : ' ';
    lines.push(
      `${mark}${String(n + 2).padStart(3)} ${`vty ${n}`.padEnd(10)} ${s.user.padEnd(10)} ${'idle'.padEnd(20)} ${formatHms(line === self.line ? 0 : now - s.since).padEnd(8)} ${s.from}`,
    );
  }
  lines.push('', '  Interface    User               Mode         Idle     Peer Address', '');
  return lines.join('\n') + '\n';
}
