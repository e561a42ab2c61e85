/**
 * bench/RESULTS.md, shared by every benchmark: a header (how to reproduce, the machine, when it was last
 * written) and one section per benchmark between `<!-- NAME:start -->` and `<!-- NAME:end -->`. A
 * benchmark replaces only its own section, so the figures of benchmarks run at other times stay.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_PATH = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const FIRST_MARKER = /<!-- [\w.-]+:start -->/;

export function startMarker(name: string): string {
  return `<!-- ${name}:start -->`;
}

export function endMarker(name: string): string {
  return `<!-- ${name}:end -->`;
}

/**
 * One line about the machine: cores, CPU model, memory, Node version, and how busy it was (the load
 * average over the last 15 minutes: the machines are shared, and a load far above the cores explains
 * figures no code change does).
 */
export function describeMachine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  return `${availableParallelism()} cores (${model}), ${gib} GiB memory, Node ${process.version}, ${process.platform}/${process.arch}, load average ${loadavg()[2]!.toFixed(1)} over the last 15 min`;
}

/** The header RESULTS.md starts with; `now` is the date of the run that wrote last. */
export function renderResultsHeader(now: Date): string {
  return [
    '# Benchmark results',
    '',
    'Reproduce with `npm run bench` (every `bench/*.bench.ts`, one child process each) or',
    '`npm run bench -- NAME` (one benchmark). Each benchmark replaces only its own section below; each',
    'section says when it ran. Ratios are measured side by side in one run: these machines are shared and',
    'noisy, so compare ratios, not absolute times across sections. Benchmarks bind and connect only to',
    '127.0.0.1.',
    '',
    `Machine: ${describeMachine()}.`,
    `Last written: ${now.toISOString()}.`,
    '',
  ].join('\n');
}

/**
 * The new text of a results file: `section` (a benchmark's markdown, without markers) placed between the
 * NAME markers, replacing what was there, or appended; the header is rewritten. Pure.
 */
export function replaceSection(current: string, name: string, section: string, now: Date): string {
  const start = startMarker(name);
  const end = endMarker(name);
  const block = `${start}\n${section.replace(/^\n+|\n+$/g, '')}\n${end}`;
  const i = current.indexOf(start);
  const j = i >= 0 ? current.indexOf(end, i) : -1;
  let body =
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.replace(/\n*$/, '')}\n\n${block}\n`;
  // The header is whatever comes before the first section: always ours, always fresh.
  const first = FIRST_MARKER.exec(body);
  body = first ? body.slice(first.index) : body.trimStart();
  return `${renderResultsHeader(now)}\n${body.replace(/\n*$/, '\n')}`;
}

/** Writes a benchmark's section of bench/RESULTS.md (or `path`), replacing its previous run. */
export function writeResultsSection(name: string, section: string, path = RESULTS_PATH): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, replaceSection(current, name, section, new Date()));
}
