/**
 * A tiny stand-in for the simulated device (src/lab/device), just enough IOS to exercise the fleet's SSH
 * plumbing: prompts, enable, show version, exec, reload through lab time. Not a model of IOS-XE.
 */
import type { Duplex } from 'node:stream';
import type { LabFault, LabFaultKind } from '../../../../src/inventory/schema.js';
import type { LabDevice, LabDeviceOptions, LabPower } from '../../../../src/lab/index.js';

export function createStandInDevice(options: LabDeviceOptions): LabDevice {
  const { host, credentials, time } = options;
  const faults: LabFault[] = [...host.lab.faults];
  const listeners = new Set<(p: LabPower) => void>();
  const timers = new AbortController();
  let power: LabPower = 'up';
  let reloads = 0;

  const setPower = (p: LabPower): void => {
    power = p;
    for (const l of listeners) l(p);
  };
  const reload = (): void => {
    reloads++;
    setPower('booting');
    time.sleep(60_000, timers.signal).then(
      () => setPower('up'),
      () => undefined,
    );
  };
  const run = (command: string): string => {
    if (/^sh(ow)?\s+ver/.test(command))
      return `Cisco IOS XE Software, Version ${host.version}\r\n${host.name} uptime is 1 week\r\n`;
    return `% Invalid input detected at '^' marker.\r\n`;
  };

  return {
    name: host.name,
    credentials,
    get power() {
      return power;
    },
    attachShell(channel: Duplex) {
      let line = '';
      let mode: 'user' | 'enable' | 'password' = 'user';
      const prompt = (): string =>
        mode === 'password' ? 'Password: ' : `${host.name}${mode === 'enable' ? '#' : '>'}`;
      channel.write(`\r\n${prompt()}`);
      channel.on('data', (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch !== '\r' && ch !== '\n') {
            line += ch;
            if (mode !== 'password') channel.write(ch);
            continue;
          }
          if (ch === '\n') continue;
          const cmd = line.trim();
          line = '';
          channel.write('\r\n');
          if (mode === 'password') {
            mode = cmd === credentials.enableSecret ? 'enable' : 'user';
            if (mode === 'user') channel.write('% Bad secrets\r\n\r\n');
          } else if (cmd === 'enable') mode = 'password';
          else if (cmd === 'exit') return void channel.end();
          else if (cmd === 'reload') return reload();
          else if (cmd !== '') channel.write(run(cmd));
          channel.write(prompt());
        }
      });
    },
    exec: (command) => Promise.resolve({ output: run(command), code: 0 }),
    onPower(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    injectFault: (fault) => void faults.push(fault),
    clearFaults: (kind?: LabFaultKind) =>
      void faults.splice(0, faults.length, ...faults.filter((f) => kind && f.kind !== kind)),
    hasFault: (kind) => faults.some((f) => f.kind === kind),
    describe: () => ({
      name: host.name,
      hostname: host.name,
      model: host.model,
      version: host.version,
      bootMode: host.boot_mode,
      power,
      reloads,
      flash: { device: 'flash:', totalBytes: 0, freeBytes: 0, files: [] },
    }),
    dispose: () => timers.abort(),
  };
}
