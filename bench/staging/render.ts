/** The `staging` section of bench/RESULTS.md, from the medians of one run. */
import { describeMachine } from '../results.js';
import { median } from '../collect/stats.js';

export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface StagingFigures {
  sizeBytes: number;
  rounds: number;
  scpMissing: string | undefined;
  results: ReadonlyMap<string, Figure>;
  /** reference / ours per round (above 1: ours faster). */
  ratiosByRound: { push: number[]; hash: number[] };
}

const PUSH_GOAL = 0.8;
const HASH_GOAL = 0.9;

const s = (ms: number | undefined): string => (ms === undefined ? 'n/a' : (ms / 1000).toFixed(2));
const x = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a');

export function renderStagingSection(f: StagingFigures, now: Date): string {
  const mb = f.sizeBytes / 1024 / 1024;
  const get = (name: string): Figure | undefined => f.results.get(name);
  const row = (name: string, label: string, reference?: string): string => {
    const r = get(name);
    if (!r) return `| ${label} | n/a | | | |`;
    const ref = reference ? get(reference) : undefined;
    const mbps = (f.sizeBytes / 1e6 / (r.median / 1000)).toFixed(0);
    return `| ${label} | ${s(r.median)} | ${s(r.min)}–${s(r.max)} | ${mbps} | ${ref ? x(ref.median / r.median) : ''} |`;
  };
  const pushRatio = ratio(get('scp'), get('warroom upload alone'));
  const endToEnd = ratio(get('scp'), get('warroom push'));
  const hashRatio = ratio(get('hash coreutils'), get('hash warroom'));
  const goal = (name: string, measured: number, target: number): string =>
    `${name}: goal ${target}x, measured ${x(measured)} (${measured >= target ? 'met' : 'NOT met'})`;
  return [
    '## Staging at the speed of the wire (bench/staging.bench.ts)',
    '',
    `Run ${now.toISOString()} on ${describeMachine()}. The lab runs in its own process (\`warroom lab --json\`, real sizes); its staging server is the lab's SFTP server (ssh2) on 127.0.0.1, the same for every tool. A ${mb.toFixed(0)} MiB image of random bytes; ${f.rounds} interleaved rounds, the order rotating each round; every push goes to a new name.`,
    '',
    '### Push: a file the server does not have',
    '',
    '| tool | median s | min–max s | MB/s | scp / this |',
    '|---|---|---|---|---|',
    row('scp', 'OpenSSH scp (sshpass, SFTP protocol)', 'scp'),
    row(
      'warroom upload alone',
      'warroom upload (the transfer: 1 MiB reads, 64 writes in flight, each one request)',
      'scp',
    ),
    row(
      'warroom push',
      'warroom pushImage, first push of a run: digests on two workers, then the upload, rename, record',
      'scp',
    ),
    row(
      'warroom push, before',
      'before: both digests on the main thread, then ssh2 fastPut at its defaults',
      'scp',
    ),
    '',
    f.scpMissing
      ? `scp not measured: ${f.scpMissing}.`
      : `${goal('Push throughput against scp (scp time / warroom upload time)', pushRatio, PUSH_GOAL)}; same-round ratios ${f.ratiosByRound.push.map(x).join(', ')} (median ${x(median(f.ratiosByRound.push))}). The first push of a run also hashes the image (once per run, whatever the hosts and servers): end to end ${x(endToEnd)} of scp, which checks nothing.`,
    '',
    '### Confirming an image already on the server',
    '',
    '| check | median s | min–max s | | |',
    '|---|---|---|---|---|',
    confirmRow(get('confirm by record'), 'the record written at push time (stat + a 300-byte read)'),
    confirmRow(
      get('confirm by server digests'),
      "the server's md5sum and sha512sum (record removed), side by side",
    ),
    confirmRow(
      get('confirm by read-back, before'),
      'before: MD5 of the file read back over SFTP, one 64 KiB read at a time',
    ),
    confirmRow(
      get('12 hosts of a run, image on the server'),
      '12 hosts of one run staging it (the server asked once)',
    ),
    '',
    'Before, every host after the first paid the read-back, one after another (12 hosts: 12 read-backs). Now the first host asks the server (record, else its digests, else a read-back with 32 reads in flight) and the rest of the run takes its word.',
    '',
    '### Both local digests in one pass',
    '',
    '| how | median s | min–max s | MB/s | coreutils / this |',
    '|---|---|---|---|---|',
    row('hash coreutils', '`md5sum` and `sha512sum` side by side (two processes)', 'hash coreutils'),
    row(
      'hash warroom',
      'warroom hashLocalFile: one read, MD5 and SHA512 on two worker threads',
      'hash coreutils',
    ),
    row('hash in place', 'before: one read, both digests on the main thread', 'hash coreutils'),
    '',
    `${goal('Digests against md5sum + sha512sum (their time / ours)', hashRatio, HASH_GOAL)}; same-round ratios ${f.ratiosByRound.hash.map(x).join(', ')}. The workers keep the digests off the event loop (the engine runs hosts meanwhile); they gain on time only when a second core is free, which on this shared two-core machine it mostly is not.`,
    '',
    'Reproduce: `npm run bench -- staging` (`npm run bench -- staging -- --size-mb 1024 --rounds 5`). scp needs `apt-get install -y openssh-client sshpass`; without them the scp rows are skipped and say so. The machine is shared: compare ratios within this run, not absolute times across sections.',
  ].join('\n');
}

function ratio(reference: Figure | undefined, ours: Figure | undefined): number {
  return reference && ours ? reference.median / ours.median : NaN;
}

function confirmRow(r: Figure | undefined, label: string): string {
  return r ? `| ${label} | ${s(r.median)} | ${s(r.min)}–${s(r.max)} | | |` : `| ${label} | n/a | | | |`;
}
