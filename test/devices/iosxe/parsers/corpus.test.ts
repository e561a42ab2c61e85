/**
 * Every real device output in the shared corpus, through warroom's parsers: each fact the source project
 * (ntc-templates or genieparser) extracted must agree with what warroom reports. The corpus is walked at
 * run time, so a new sample is tested without new code.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isWarroomError } from '../../../../src/core/errors.js';
import { COMMAND_PARSERS, findParser } from '../../../../src/devices/iosxe/parsers/index.js';
import { GENIE_MAPPINGS } from './corpus-genie.js';
import { NTC_MAPPINGS, ntcRecords } from './corpus-ntc.js';
import { NTC_NETWORK_MAPPINGS, environmentMapping } from './corpus-ntc-network.js';
import { mismatches, obj, str, type Facts } from './corpus-support.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CORPUS = resolve(REPO, 'test/fixtures/corpus');

/** Commands in the corpus warroom has no parser for: nothing in an upgrade reads them (yet). */
const NOT_PARSED: Record<string, string> = {};

/** Other commands' samples a parser may read, because the device prints the very same format. */
const SAME_FORMAT: Record<string, Record<string, string>> = {
  'show platform': {
    'show_module/ntc-show_module5': 'a Catalyst 9200 prints the show platform switch table for show module',
  },
  'show module': {
    'show_platform/genie-golden_output_7': 'an IE-3100 prints the show module switch table for show platform',
    'show_platform/ntc-show_platform':
      'a Catalyst 9300 prints the show module switch table for show platform',
  },
};

/** Samples outside what warroom supports: the parser must refuse them with unexpected_output. */
const UNSUPPORTED: Record<string, string> = {};

interface Sample {
  command: string;
  source: string;
  name: string;
  raw: string;
  expected: unknown;
}

function readSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const folder of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const dir = join(CORPUS, folder.name);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.expected.json'))) {
      const meta = obj(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      const base = file.replace(/\.expected\.json$/, '');
      samples.push({
        command: str(meta.command) ?? folder.name.replace(/_/g, ' '),
        source: str(meta.source) ?? 'unknown',
        name: `${folder.name}/${base}`,
        raw: readFileSync(join(dir, `${base}.raw`), 'utf8'),
        expected: meta.expected,
      });
    }
  }
  return samples.sort((a, b) => a.name.localeCompare(b.name));
}

function factsFor(sample: Sample, canonical: string, result: unknown): Facts {
  if (sample.source === 'ntc-templates') {
    const mapping =
      canonical === 'show environment'
        ? environmentMapping(sample.command)
        : (NTC_MAPPINGS[canonical] ?? NTC_NETWORK_MAPPINGS[canonical]);
    if (!mapping) throw new Error(`no ntc-templates mapping for ${canonical}`);
    return mapping(ntcRecords(sample.expected), result as never);
  }
  if (sample.source === 'genieparser') {
    const mapping = GENIE_MAPPINGS[canonical];
    if (!mapping) throw new Error(`no genieparser mapping for ${canonical}`);
    return mapping(obj(sample.expected), result as never);
  }
  throw new Error(`unknown source ${sample.source}`);
}

const present = existsSync(CORPUS);
if (!present) console.warn(`parser corpus not found at ${CORPUS}: corpus tests skipped`);

describe.skipIf(!present)('IOS-XE parsers on the real-device corpus', () => {
  const samples = present ? readSamples() : [];
  const parsed = samples.filter((s) => findParser(s.command));

  it('finds the corpus and a parser for every command it does not explicitly leave out', () => {
    expect(samples.length).toBeGreaterThan(0);
    const orphans = [...new Set(samples.filter((s) => !findParser(s.command)).map((s) => s.command))].filter(
      (c) => !(c in NOT_PARSED),
    );
    expect(orphans, 'commands with no parser and no reason in NOT_PARSED').toEqual([]);
  });

  it.each(parsed.map((s) => [s.name, s] as const))('%s', (_name, sample) => {
    const parser = findParser(sample.command)!;
    const reason = UNSUPPORTED[sample.name];
    if (reason) {
      let thrown: unknown;
      try {
        parser.parse(sample.raw);
      } catch (error) {
        thrown = error;
      }
      expect(isWarroomError(thrown) && thrown.code === 'unexpected_output', reason).toBe(true);
      return;
    }
    const result = parser.parse(sample.raw);
    const facts = factsFor(sample, parser.command, result);
    expect(facts.items.length, 'facts compared').toBeGreaterThan(0);
    const wrong = mismatches(facts.items);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

describe.skipIf(!present)('IOS-XE parsers refuse other commands’ output', () => {
  const samples = present ? readSamples() : [];
  const parsers = COMMAND_PARSERS;

  it.each(parsers.map((p) => [p.command, p] as const))('%s', (_name, parser) => {
    const accepted = samples
      .filter((s) => findParser(s.command)?.command !== parser.command)
      .filter((s) => !(s.name in (SAME_FORMAT[parser.command] ?? {})))
      .filter((s) => {
        try {
          parser.parse(s.raw);
          return true;
        } catch (error) {
          if (!isWarroomError(error)) throw error;
          return false;
        }
      })
      .map((s) => s.name);
    expect(accepted, accepted.join('\n')).toEqual([]);
  });
});
