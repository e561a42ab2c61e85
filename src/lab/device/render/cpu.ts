/**
 * `show processes cpu` and `show processes cpu sorted` (corpus/show_processes_cpu): the utilisation line,
 * then one row per process. The load is higher while an install runs and just after a boot.
 */
import type { DeviceState } from '../model/device-state.js';
import { seeded } from '../model/seed.js';

const PROCESSES = [
  'Chunk Manager',
  'Load Meter',
  'Check heaps',
  'Pool Manager',
  'Timers',
  'ARP Input',
  'IOSD ipc task',
  'IP Input',
  'CDP Protocol',
  'Spanning Tree',
  'BGP Router',
  'BGP I/O',
  'BGP Scanner',
  'SSH Process',
  'Exec',
  'SNMP ENGINE',
  'Net Background',
  'Logger',
  'TTY Background',
  'Per-Second Jobs',
  'Per-minute Jobs',
  'IP RIB Update',
  'HSRP Common',
  'crypto sw pk proc',
  'Crash writer',
];

export interface CpuFigures {
  fiveSec: number;
  interrupt: number;
  oneMin: number;
  fiveMin: number;
}

function cpuFigures(state: DeviceState, now: number): CpuFigures {
  const base = 2 + (seeded(`cpu:${state.host.name}`) % 6);
  const wobble = seeded(`cpu:${state.host.name}:${Math.floor(now / 5000)}`) % 4;
  const sinceBoot = now - state.bootedAt;
  const booting = sinceBoot < 10 * 60_000 ? Math.round(40 * (1 - sinceBoot / (10 * 60_000))) : 0;
  const busy = state.install.busy ? 25 : 0;
  const fiveSec = Math.min(99, base + wobble + booting + busy);
  return {
    fiveSec,
    interrupt: Math.min(fiveSec, 1 + (wobble % 2)),
    oneMin: Math.min(99, base + 1 + booting + Math.round(busy * 0.6)),
    fiveMin: Math.min(99, base + Math.round(booting * 0.7) + Math.round(busy * 0.3)),
  };
}

export function renderProcessesCpu(state: DeviceState, now: number, sorted: boolean): string {
  const f = cpuFigures(state, now);
  const rows = PROCESSES.map((name, i) => {
    const pid = i + 1;
    const weight = seeded(`proc:${name}`) % 100;
    const share = (total: number): number => (weight > 80 ? (total * weight) / 400 : weight > 60 ? 0.07 : 0);
    const runtime = (seeded(`rt:${state.host.name}:${name}`) % 9_000_000) + 1;
    const invoked = (seeded(`inv:${state.host.name}:${name}`) % 2_000_000) + 1;
    return {
      pid,
      name,
      runtime,
      invoked,
      usecs: Math.floor((runtime * 1000) / invoked),
      s5: share(f.fiveSec),
      m1: share(f.oneMin),
      m5: share(f.fiveMin),
    };
  });
  if (sorted) rows.sort((a, b) => b.s5 - a.s5 || b.m1 - a.m1 || a.pid - b.pid);
  const pct = (n: number): string => `${n.toFixed(2)}%`.padStart(7);
  const lines = [
    `CPU utilization for five seconds: ${f.fiveSec}%/${f.interrupt}%; one minute: ${f.oneMin}%; five minutes: ${f.fiveMin}%`,
    ' PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ',
  ];
  for (const r of rows)
    lines.push(
      `${String(r.pid).padStart(4)}${String(r.runtime).padStart(12)}${String(r.invoked).padStart(12)}${String(r.usecs).padStart(11)}${pct(r.s5)}${pct(r.m1)}${pct(r.m5)}   0 ${r.name.slice(0, 16).padEnd(16)} `,
    );
  return lines.join('\n') + '\n';
}
