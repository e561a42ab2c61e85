/**
 * Staging benchmark (`npm run bench -- staging`): pushing an image to the lab's staging server (its own
 * process, real sizes) with warroom against OpenSSH scp on the same path; confirming an image already
 * there (the record written at push time, the server's own md5sum/sha512sum, against the old read-back);
 * a run of 12 hosts staging one image; and both local digests against md5sum and sha512sum side by side.
 * Interleaved rounds, the order rotating each round; ratios from the medians of one run. Writes the
 * `staging` section of bench/RESULTS.md.
 *
 * Options: --size-mb 200   --rounds 3   --no-write (print only)
 */
import { randomFillSync } from 'node:crypto';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashInPlace } from '../src/staging/index.js';
import { median, range } from './collect/stats.js';
import { spawnLab } from './makespan/bench-lab.js';
import {
  confirm,
  coreutilsHash,
  inPlaceHash,
  oldReadBack,
  runOfHosts,
  scpMissing,
  scpPush,
  serialPush,
  warroomHash,
  warroomPush,
  type Setup,
} from './staging/measure.js';
import { renderStagingSection, type StagingFigures } from './staging/render.js';
import { writeResultsSection } from './results.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Incompressible bytes (the SSH link compresses nothing anyway), written once. */
async function writeImage(path: string, bytes: number): Promise<void> {
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  try {
    for (let left = bytes; left > 0; left -= chunk.length) {
      randomFillSync(chunk);
      await file.write(chunk, 0, Math.min(left, chunk.length));
    }
  } finally {
    await file.close();
  }
}

async function main(): Promise<void> {
  const sizeMb = option('size-mb', 200);
  const rounds = option('rounds', 3);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-bench-staging-'));
  const localFile = join(dir, 'image.bin');
  await writeImage(localFile, sizeMb * 1024 * 1024);
  const { size, md5, sha512 } = await hashInPlace(localFile);
  const lab = await spawnLab(['--hosts', 'acme-nyc-core01', '--time-scale', '1']);
  const setup: Setup = { lab: lab.descriptor, localFile, size, md5, sha512 };
  const scp = scpMissing();
  const samples = new Map<string, number[]>();
  const add = (name: string, ms: number): void => {
    samples.set(name, [...(samples.get(name) ?? []), ms]);
    process.stdout.write(`  ${name}: ${(ms / 1000).toFixed(2)} s\n`);
  };
  try {
    for (let round = 0; round < rounds; round++) {
      process.stdout.write(`staging: round ${round + 1} of ${rounds}\n`);
      const file = (tool: string): string => `bench-${tool}-${round}.bin`;
      const pushes: [string, () => Promise<void>][] = [
        [
          'warroom push',
          async () => {
            const { ms, uploadMs } = await warroomPush(setup, file('warroom'));
            add('warroom push', ms);
            add('warroom upload alone', uploadMs);
          },
        ],
        [
          'warroom push, before',
          async () => {
            add('warroom push, before', await serialPush(setup, file('serial')));
          },
        ],
        ...(scp
          ? []
          : [
              [
                'scp',
                async () => add('scp', await scpPush(setup, `${lab.descriptor.staging.path}/${file('scp')}`)),
              ] as [string, () => Promise<void>],
            ]),
        ['hash warroom', async () => add('hash warroom', await warroomHash(setup))],
        ['hash in place', async () => add('hash in place', await inPlaceHash(setup))],
        ['hash coreutils', async () => add('hash coreutils', await coreutilsHash(setup))],
      ];
      // Rotate the order each round: no tool always runs first (cold) or last.
      for (let i = 0; i < pushes.length; i++) await pushes[(i + round) % pushes.length]![1]();
      const confirms: [string, () => Promise<number>][] = [
        ['confirm by record', () => confirm(setup, file('warroom'), 'record')],
        ['confirm by server digests', () => confirm(setup, file('warroom'), 'server')],
        ['confirm by read-back, before', () => oldReadBack(setup, file('warroom'))],
        ['12 hosts of a run, image on the server', () => runOfHosts(setup, file('warroom'), 12)],
      ];
      for (const [name, measure] of confirms) add(name, await measure());
    }
  } finally {
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const figures: StagingFigures = {
    sizeBytes: size,
    rounds,
    scpMissing: scp,
    results: new Map(
      [...samples].map(([name, s]) => [name, { median: median(s), ...range(s), runs: s.length }]),
    ),
    ratiosByRound: {
      push: ratios(samples.get('scp'), samples.get('warroom upload alone')),
      hash: ratios(samples.get('hash coreutils'), samples.get('hash warroom')),
    },
  };
  const section = renderStagingSection(figures, new Date());
  if (!process.argv.includes('--no-write')) writeResultsSection('staging', section);
  process.stdout.write(`\n${section}\n`);
}

/** Same-round ratios reference / ours (above 1: ours is faster). */
function ratios(reference: readonly number[] | undefined, ours: readonly number[] | undefined): number[] {
  if (!reference || !ours) return [];
  return reference.slice(0, ours.length).map((r, i) => r / ours[i]!);
}

await main();
