/**
 * Window times across daylight-saving changes (2026: the US on 8 March and 1 November, the EU on 29 March
 * and 25 October). A window may be written in its site's local time with an IANA zone; a local time in the
 * spring-forward gap or the fall-back overlap is refused unless an offset says which, with file:line:col.
 * Triggers are real time: T-24h is 24 hours of elapsed time before the start, so across a change it falls
 * at a local time an hour off the start's; durations are differences of instants.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSourceIssue } from '../../src/core/yaml-source.js';
import {
  describeWindowTimes,
  parseWindows,
  resolveWindowTime,
  toScheduledWindow,
  triggerTimes,
  windowFromRecord,
  DEFAULT_SCHEDULER_SETTINGS,
  type MaintenanceWindow,
} from '../../src/scheduler/index.js';
import { runWarroom } from '../helpers/cli.js';

const H = 3_600_000;
const M = 60_000;

/** A windows file with one window per entry (start, end, timezone), on real seed hosts. */
function windowsFile(entries: { start: string; end: string; timezone?: string }[]): string {
  return [
    'windows:',
    ...entries.flatMap((e, i) => [
      `  - id: W-${i + 1}`,
      '    customer: acme',
      `    start: "${e.start}"`,
      `    end: "${e.end}"`,
      ...(e.timezone ? [`    timezone: ${e.timezone}`] : []),
      '    hosts: [acme-nyc-acc01]',
      '    procedure: procedures/iosxe-upgrade.yml',
      '    target: "17.09.05"',
      '    on_call: Dana Reyes',
    ]),
    '',
  ].join('\n');
}

function parseOne(start: string, end: string, timezone?: string): MaintenanceWindow {
  const result = parseWindows(windowsFile([{ start, end, ...(timezone ? { timezone } : {}) }]), 'w.yml');
  if (!result.ok) throw new Error(result.issues.map(formatSourceIssue).join('\n'));
  return result.value[0]!;
}

function issuesOf(entries: { start: string; end: string; timezone?: string }[]): string[] {
  const result = parseWindows(windowsFile(entries), 'w.yml');
  return result.ok ? [] : result.issues.map(formatSourceIssue);
}

describe('local window times in an IANA zone', () => {
  it('resolve to the instant with the offset of that moment', () => {
    const summer = parseOne('2026-07-01T22:00', '2026-07-02T02:00', 'America/New_York');
    expect(summer).toMatchObject({ start: '2026-07-01T22:00:00-04:00', end: '2026-07-02T02:00:00-04:00' });
    const winter = parseOne('2026-12-05T22:00', '2026-12-06T02:00', 'America/New_York');
    expect(Date.parse(winter.start)).toBe(Date.UTC(2026, 11, 6, 3, 0));
    // An offset written beside a zone must be the zone's at that moment.
    expect(parseOne('2026-12-05T22:00:00-05:00', '2026-12-06T02:00', 'America/New_York').start).toBe(
      '2026-12-05T22:00:00-05:00',
    );
  });

  it('refuse a time in the spring-forward gap, in the US and the EU, naming file, line and column', () => {
    expect(
      issuesOf([
        { start: '2026-03-08T02:30', end: '2026-03-08T05:00', timezone: 'America/New_York' },
        { start: '2026-03-29T02:15', end: '2026-03-29T05:00', timezone: 'Europe/Berlin' },
        { start: '2026-03-29T00:00', end: '2026-03-29T01:30', timezone: 'Europe/London' },
      ]),
    ).toEqual([
      'w.yml:4:12 windows[0].start: 2026-03-08T02:30 does not exist in America/New_York: the clocks jump forward that night (-05:00 to -04:00); pick a time outside the gap',
      'w.yml:13:12 windows[1].start: 2026-03-29T02:15 does not exist in Europe/Berlin: the clocks jump forward that night (+01:00 to +02:00); pick a time outside the gap',
      'w.yml:23:10 windows[2].end: 2026-03-29T01:30 does not exist in Europe/London: the clocks jump forward that night (+00:00 to +01:00); pick a time outside the gap',
    ]);
  });

  it('refuse a time in the fall-back overlap unless an offset says which', () => {
    expect(
      issuesOf([
        { start: '2026-11-01T01:30', end: '2026-11-01T05:00', timezone: 'America/New_York' },
        { start: '2026-10-25T02:30', end: '2026-10-25T05:00', timezone: 'Europe/Berlin' },
      ]),
    ).toEqual([
      'w.yml:4:12 windows[0].start: 2026-11-01T01:30 happens twice in America/New_York (at -04:00, then at -05:00): the clocks fall back that night; write the offset, e.g. 2026-11-01T01:30:00-04:00',
      'w.yml:13:12 windows[1].start: 2026-10-25T02:30 happens twice in Europe/Berlin (at +02:00, then at +01:00): the clocks fall back that night; write the offset, e.g. 2026-10-25T02:30:00+02:00',
    ]);
    const first = parseOne('2026-11-01T01:30:00-04:00', '2026-11-01T04:00', 'America/New_York');
    const second = parseOne('2026-11-01T01:30:00-05:00', '2026-11-01T04:00', 'America/New_York');
    expect(Date.parse(second.start) - Date.parse(first.start)).toBe(H);
    expect(Date.parse(first.end) - Date.parse(first.start)).toBe(3.5 * H);
  });

  it('refuse an offset the zone does not have then, a local time without a zone, an unknown zone', () => {
    expect(
      issuesOf([
        { start: '2026-07-01T22:00:00-05:00', end: '2026-07-02T02:00', timezone: 'America/New_York' },
        { start: '2026-07-01T22:00', end: '2026-07-02T02:00:00-04:00' },
        { start: '2026-07-01T22:00', end: '2026-07-02T02:00', timezone: 'America/New_Yrok' },
        { start: '2026-02-30T22:00', end: '2026-07-02T02:00', timezone: 'UTC' },
      ]),
    ).toEqual([
      "w.yml:4:12 windows[0].start: -05:00 is not America/New_York's offset at 2026-07-01T22:00 (it is -04:00 then): fix the offset or the timezone",
      'w.yml:13:12 windows[1].start: 2026-07-01T22:00 has no UTC offset: give the window a timezone (e.g. timezone: America/New_York) or write the offset',
      'w.yml:23:15 windows[2].timezone: unknown time zone: expected an IANA name such as America/New_York, Europe/London or UTC',
      "w.yml:30:12 windows[3].start: expected a real ISO 8601 time with its offset, e.g. 2026-12-05T22:00:00-05:00, or a local time such as 2026-12-05T22:00 with the window's timezone",
    ]);
  });

  it('durations are real time: a night that springs forward is an hour short, one that falls back an hour long', () => {
    const hours = (start: string, end: string, zone: string): number => {
      const w = toScheduledWindow(parseOne(start, end, zone));
      return (w.end - w.start) / H;
    };
    expect(hours('2026-03-08T00:00', '2026-03-08T04:00', 'America/New_York')).toBe(3);
    expect(hours('2026-11-01T00:00', '2026-11-01T04:00', 'America/New_York')).toBe(5);
    expect(hours('2026-03-29T00:00', '2026-03-29T04:00', 'Europe/Berlin')).toBe(3);
    expect(hours('2026-10-25T00:00', '2026-10-25T04:00', 'Europe/London')).toBe(5);
    expect(hours('2026-07-01T00:00', '2026-07-01T04:00', 'Europe/London')).toBe(4);
  });
});

describe('triggers across a daylight-saving change', () => {
  const times = (start: string, end: string, zone: string) =>
    triggerTimes(toScheduledWindow(parseOne(start, end, zone)), DEFAULT_SCHEDULER_SETTINGS);
  const local = (ms: number, zone: string): string =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(ms)
      .replace(', ', 'T');

  it('T-24h is 24 real hours before the start: 21:00 local the evening before a 22:00 start after spring forward (US)', () => {
    const t = times('2026-03-08T22:00', '2026-03-09T02:00', 'America/New_York');
    expect(t.start).toBe(Date.UTC(2026, 2, 9, 2, 0));
    expect(t.start - t.announce).toBe(24 * H);
    expect(local(t.announce, 'America/New_York')).toBe('2026-03-07T21:00');
    expect(local(t.open, 'America/New_York')).toBe('2026-03-08T21:45');
    expect(t.end - t.start).toBe(4 * H);
  });

  it('and 23:00 local the evening before a 22:00 start after fall back (EU)', () => {
    const t = times('2026-10-25T22:00', '2026-10-26T02:00', 'Europe/Berlin');
    expect(t.start).toBe(Date.UTC(2026, 9, 25, 21, 0));
    expect(local(t.announce, 'Europe/Berlin')).toBe('2026-10-24T23:00');
    expect(t.start - t.announce).toBe(24 * H);
  });

  it('T-15 is 15 real minutes before the start even when the change falls between them', () => {
    // 03:10 EDT is 07:10 UTC; 15 minutes earlier the clocks still said 01:55 EST.
    const t = times('2026-03-08T03:10', '2026-03-08T06:00', 'America/New_York');
    expect(local(t.open, 'America/New_York')).toBe('2026-03-08T01:55');
    expect(t.start - t.open).toBe(15 * M);
    // The end of a window through the US fall back: 00:30 EDT to 03:00 EST is three and a half hours.
    const fall = times('2026-11-01T00:30', '2026-11-01T03:00', 'America/New_York');
    expect(fall.end).toBe(Date.UTC(2026, 10, 1, 8, 0));
    expect(fall.end - fall.start).toBe(3.5 * H);
    // The EU spring forward: London 00:30 GMT to 03:00 BST is an hour and a half.
    const spring = times('2026-03-29T00:30', '2026-03-29T03:00', 'Europe/London');
    expect(spring.end - spring.start).toBe(1.5 * H);
  });

  it('shows local and UTC times, with both zone names when the window straddles the change', () => {
    const w = toScheduledWindow(parseOne('2026-11-01T00:00', '2026-11-01T04:00', 'America/New_York'));
    expect(describeWindowTimes(w.start, w.end, 'America/New_York')).toBe(
      'Sun 1 Nov 00:00 EDT – 04:00 EST (Sun 1 Nov 04:00 – 09:00 UTC)',
    );
    const acme = toScheduledWindow(parseOne('2026-12-05T22:00:00-05:00', '2026-12-06T02:00:00-05:00'));
    expect(describeWindowTimes(acme.start, acme.end, 'America/New_York')).toBe(
      'Sat 5 Dec 22:00 – Sun 6 Dec 02:00 EST (Sun 6 Dec 03:00 – 07:00 UTC)',
    );
  });

  it('a stored window is handed out with the offset its zone has at each time', () => {
    const record = {
      id: 'W-PLANNED',
      customer: 'acme',
      start: Date.UTC(2026, 9, 24, 20, 0),
      end: Date.UTC(2026, 9, 25, 2, 0),
      timezone: 'Europe/Berlin',
      hosts: ['acme-nyc-acc01'],
      procedure: 'procedures/iosxe-upgrade.yml',
      source: 'jira:SEC-4821',
      createdAt: 0,
      updatedAt: 0,
    };
    expect(windowFromRecord(record)).toMatchObject({
      start: '2026-10-24T22:00:00+02:00',
      end: '2026-10-25T03:00:00+01:00',
      timezone: 'Europe/Berlin',
      on_call: 'not set',
    });
    expect(resolveWindowTime('2026-10-25T03:00:00+01:00', 'Europe/Berlin')).toMatchObject({ ok: true });
  });
});

describe('warroom check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-windows-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a DST mistake as file:line:col and exits 1', async () => {
    const file = join(dir, 'windows.yml');
    await writeFile(
      file,
      windowsFile([{ start: '2026-11-01T01:30', end: '2026-11-01T05:00', timezone: 'America/New_York' }]),
    );
    const result = await runWarroom(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `${file}:4:12 windows[0].start: 2026-11-01T01:30 happens twice in America/New_York`,
    );
  });
});
