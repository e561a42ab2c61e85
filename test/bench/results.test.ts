import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceSection, writeResultsSection } from '../../bench/results.js';

const when = new Date('2026-11-24T12:00:00Z');

describe('bench/RESULTS.md sections', () => {
  it('starts a file with the header (how to reproduce, machine, date) and the section between its markers', () => {
    const text = replaceSection('', 'makespan', '## Makespan\n\nfigures', when);
    expect(text.startsWith('# Benchmark results\n')).toBe(true);
    expect(text).toContain('`npm run bench`');
    expect(text).toMatch(/Machine: \d+ cores \(.*\), [\d.]+ GiB memory, Node v\d+/);
    expect(text).toContain('Last written: 2026-11-24T12:00:00.000Z.');
    expect(text).toContain('<!-- makespan:start -->\n## Makespan\n\nfigures\n<!-- makespan:end -->\n');
  });

  it('replaces only its own section, keeps the others in place, and refreshes the header', () => {
    // The form bench/transport.bench.ts wrote before the shared helper existed.
    const old = '# Benchmark results\n\n<!-- transport:start -->\nT1\n<!-- transport:end -->\n';
    const withMakespan = replaceSection(old, 'makespan', 'M1', when);
    const later = new Date('2026-11-25T08:00:00Z');
    const next = replaceSection(
      replaceSection(withMakespan, 'transport', 'T2', later),
      'makespan',
      'M2',
      later,
    );
    expect(next).toContain('<!-- transport:start -->\nT2\n<!-- transport:end -->');
    expect(next).toContain('<!-- makespan:start -->\nM2\n<!-- makespan:end -->');
    expect(next.indexOf('transport:start')).toBeLessThan(next.indexOf('makespan:start'));
    expect(next).not.toMatch(/T1|M1/);
    expect(next.match(/# Benchmark results/g)).toHaveLength(1);
    expect(next).toContain('Last written: 2026-11-25T08:00:00.000Z.');
  });

  const dir = mkdtempSync(join(tmpdir(), 'warroom-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the file, creating it when missing', () => {
    const path = join(dir, 'RESULTS.md');
    writeResultsSection('a', 'first', path);
    writeFileSync(path, readFileSync(path, 'utf8') + '\nnotes a person added at the end\n');
    writeResultsSection('a', 'second', path);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('<!-- a:start -->\nsecond\n<!-- a:end -->');
    expect(text).toContain('notes a person added at the end');
  });
});
