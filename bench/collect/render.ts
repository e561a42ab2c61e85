/** The collect benchmark's section of bench/RESULTS.md. */
import type { PhaseMedians } from './open-phases.js';
import { PHASES } from './open-phases.js';
import type { StartupRow } from './startup.js';
import { BEFORE_NAME } from './contestants.js';
import { median, range } from './stats.js';

export interface RaceResult {
  name: string;
  samples: { round: number; ms: number }[];
  failures: string[];
}

export interface CollectReport {
  when: Date;
  machine: string;
  devices: number;
  timeScale: string;
  commands: readonly string[];
  concurrency: number;
  rounds: number;
  skipped: { name: string; why: string }[];
  /** The first is warroom's build: ratios are against it. */
  results: RaceResult[];
  phases: PhaseMedians;
  opens: number;
  startup: StartupRow[];
  startupRuns: number;
}

const GOALS: { match: RegExp; goal: number }[] = [
  { match: /^Ansible/, goal: 20 },
  { match: /^Netmiko/, goal: 5 },
];

const s = (ms: number): string => (ms / 1000).toFixed(2);
const ms1 = (ms: number | undefined): string => (ms === undefined ? '-' : ms.toFixed(1));

/** The median over rounds of (peer / warroom) in the same round: a ratio that sees the same machine load. */
function pairedRatio(peer: RaceResult, base: RaceResult): number {
  const ratios = peer.samples.flatMap((p) => {
    const b = base.samples.find((x) => x.round === p.round);
    return b ? [p.ms / b.ms] : [];
  });
  return median(ratios);
}

function raceTable(report: CollectReport): string[] {
  const base = report.results[0];
  const baseMedian = base ? median(base.samples.map((x) => x.ms)) : NaN;
  const rows = report.results.map((r) => {
    const times = r.samples.map((x) => x.ms);
    const { min, max } = range(times);
    const ratio = median(times) / baseMedian;
    const paired = base && r !== base ? pairedRatio(r, base) : 1;
    const failed = r.failures.length ? ` (${r.failures.length} failed)` : '';
    return `| ${r.name} | ${s(median(times))} | ${s(min)}–${s(max)} | ${times.length}${failed} | **${ratio.toFixed(1)}x** | ${paired.toFixed(1)}x |`;
  });
  const goals = report.results.flatMap((r) => {
    const goal = GOALS.find((g) => g.match.test(r.name));
    if (!goal || !base) return [];
    const ratio = median(r.samples.map((x) => x.ms)) / baseMedian;
    const verdict = ratio >= goal.goal ? 'met' : 'NOT met';
    return [`${r.name}: goal ${goal.goal}x, measured ${ratio.toFixed(1)}x (${verdict})`];
  });
  return [
    '| tool | median s | min–max s | runs | median / warroom collect | same-round ratio (median) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(goals.length ? ['Goals: ' + goals.join('; ') + '.', ''] : []),
    ...report.results.flatMap((r) => r.failures.map((f) => `- ${r.name} failed a round: ${f.slice(0, 300)}`)),
  ];
}

function phaseTable(report: CollectReport): string[] {
  const { serial, pipelined } = report.phases;
  const rows = PHASES.map(({ key, label }) => {
    const before = serial[key];
    const after = pipelined[key];
    const saved = before !== undefined && after !== undefined ? (before - after).toFixed(1) : '-';
    return `| ${label} | ${ms1(before)} | ${ms1(after)} | ${saved} |`;
  });
  return [
    `### Session open per phase: median of ${report.opens} opens each, one at a time, interleaved`,
    '',
    '| phase | before: serial login, ms | after: pipelined login, ms | saved ms |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Serial = \`loginStyle: 'serial'\`, the login as it was: the first prompt believed after a 25 ms settle, then ` +
      '`enable` (and its secret), `terminal width 511` and `terminal length 0`, one round trip each. Pipelined ' +
      '(the default now): the prompt taken at once and confirmed by the prompt after the echo of the last ' +
      'line typed ahead; paging off and `enable` in one write, the secret in answer to `Password:`. The lab ' +
      'device spends 40 device ms on every command line it reads (enable and paging off included), scaled by ' +
      'the time scale.',
  ];
}

function startupTable(report: CollectReport): string[] {
  const rows = report.startup.map(
    (r) =>
      `| \`${r.command}\` | ${r.source.toFixed(0)} | ${r.built.toFixed(0)} | ${(r.source - r.built).toFixed(0)} | ${(r.source / r.built).toFixed(1)}x |`,
  );
  const npx = report.startup.find((r) => r.npx !== undefined);
  return [
    `### Start-up: a short command from the shell to its exit, median of ${report.startupRuns} runs, interleaved`,
    '',
    '| command | before: sources through tsx, ms | after: the build (dist/), ms | saved ms | ratio |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...(npx?.npx !== undefined
      ? [
          `\`npx warroom help\` takes ${npx.npx.toFixed(0)} ms with the build: npm's own start-up adds ` +
            `${(npx.npx - npx.built).toFixed(0)} ms in front of \`node bin/warroom.mjs help\`. The README says how to ` +
            'call the command without npx (an alias, or `npm link`).',
          '',
        ]
      : []),
    'Before = `WARROOM_FROM_SOURCE=1`, what every command paid until now (tsx registers and transpiles the ' +
      'import graph on each start). After = dist/, compiled by esbuild from src/ at `npm install`/`npm ci` ' +
      '(the prepare script) and at the start of `npm test`; bin/warroom.mjs uses it only while the ' +
      'fingerprint of the sources matches, otherwise it runs the sources through tsx as before.',
  ];
}

export function renderCollectSection(report: CollectReport): string {
  const skipped = report.skipped.map((x) => `- skipped ${x.name}: ${x.why}`);
  return [
    '## Fleet facts: `warroom collect` against Netmiko and Ansible (bench/collect.bench.ts)',
    '',
    `Run ${report.when.toISOString()} on ${report.machine}. The lab runs in its own process ` +
      `(\`warroom lab --json\`): ${report.devices} devices cloned from the install-mode seed hosts, time scale ` +
      `${report.timeScale}, all on 127.0.0.1. Every tool is its own process (start-up included) reading the ` +
      `same devices: ${report.commands.map((c) => `\`${c}\``).join(', ')}, ${report.concurrency} at once ` +
      `(\`--concurrency\`, threads, forks). ${report.rounds} interleaved rounds, the order rotating each round; a ` +
      'run counts only when every device answered every command. warroom also parses every output to JSON; ' +
      'the peers return raw text.',
    '',
    ...raceTable(report),
    ...(skipped.length ? [...skipped, ''] : []),
    "warroom collect types each host's show commands ahead in one write after the login (`runReads`: one " +
      'round trip for the three; the device still reads and answers them one after another, 40 device ms ' +
      'each), and cuts the replies at the echoed prompt + command of the next one.' +
      (report.results.some((r) => r.name === BEFORE_NAME)
        ? ` "${BEFORE_NAME}" is the build of the code before that (\`--before DIR\`: a checkout with its own ` +
          'dist/), raced in the same rounds.'
        : ''),
    '',
    'Peers from Debian: `apt-get install -y ansible python3-netmiko` (run with /usr/bin/python3). Netmiko runs ' +
      'with its defaults, `enable()` then `send_command` per command (bench/collect/netmiko_collect.py; ' +
      '`fast_cli=True` was slower here and lost devices to "Search pattern never detected"); Ansible over ' +
      'network_cli with Paramiko (bench/collect/ansible_collect.yml). Reproduce: `npm run bench -- collect` ' +
      '(`npm run bench -- collect -- --rounds 5 --devices 50`).',
    '',
    ...phaseTable(report),
    '',
    ...startupTable(report),
  ].join('\n');
}
