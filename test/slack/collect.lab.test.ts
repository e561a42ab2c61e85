/**
 * `/warroom collect` end to end: signed slash commands through the real Bolt app, the lab fleet over real
 * SSH, the table posted in the channel and every record uploaded with files.uploadV2 to the local Slack
 * fake (which checks the three steps as Slack does). Hostile input is refused at once, ephemerally; a
 * double submit runs once; the upload rides out a 429 and survives a Slack that keeps failing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFleetCollector } from '../../src/compose/fleet-collector.js';
import { labAccess, labDescriptor } from '../../src/compose/lab.js';
import type { HostFacts } from '../../src/collect/index.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import type { FleetCollector } from '../../src/ports/fleet-collector.js';
import { validateBlocks } from '../fakes/slack-api.js';
import { eventually, startHarness, type Harness } from './harness.js';

const ACME = ['acme-nyc-core01', 'acme-nyc-acc01'];
const REFUSES_LOGIN = 'acme-bos-edge01';
const GLOBEX = 'globex-chi-core01';
const COMMANDS = '-c "show version" -c \'sh ip int br\' -c "show ip bgp summary"';

interface Ack {
  response_type?: string;
  text?: string;
}

/** A gate in front of the real collector: holds a collect until the test lets it go. */
function gated(inner: FleetCollector): FleetCollector & { release(): void; waiting(): number } {
  let open = false;
  let waiters: (() => void)[] = [];
  return {
    select: (selection) => inner.select(selection),
    async collect(request) {
      if (!open) await new Promise<void>((go) => waiters.push(go));
      return inner.collect(request);
    },
    release() {
      open = true;
      waiters.forEach((go) => go());
      waiters = [];
    },
    waiting: () => waiters.length,
  };
}

describe('/warroom collect against the lab', () => {
  let lab: LabFleet;
  let collector: FleetCollector;
  let h: Harness;

  beforeAll(async () => {
    lab = await startLabFleet({
      timeScale: 1 / 1000,
      hosts: [...ACME, REFUSES_LOGIN, GLOBEX],
      faults: { [REFUSES_LOGIN]: ['auth_fails'] },
    });
    collector = createFleetCollector({
      access: labAccess(lab.inventory, labDescriptor(lab)),
      windows: () => Promise.resolve([{ id: 'W-ACME-TEST', hosts: [...ACME, REFUSES_LOGIN] }]),
      windowsWhere: 'the test windows',
    });
  });
  afterAll(async () => lab?.stop());
  afterEach(async () => h?.stop());

  /** The table message in the channel once its file line is final (attached or not). */
  async function finalTable(): Promise<{ text: string; ts: string }> {
    return eventually(() => {
      const [table, ...more] = h.fake.channelMessages('C0OPS');
      expect(more).toHaveLength(0);
      expect(table?.updates).toBeGreaterThanOrEqual(1);
      return { text: JSON.stringify(table!.blocks), ts: table!.ts };
    });
  }

  it('posts the table in the channel and the records as a JSON lines file in its thread', async () => {
    h = await startHarness({ collector });
    const res = await h.command(`collect --window W-ACME-TEST ${COMMANDS} --concurrency 3`);
    expect(res.status).toBe(200);
    const ack = (await res.json()) as Ack;
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Collecting `show version`, `sh ip int br`, `show ip bgp summary`');

    const table = await finalTable();
    expect(table.text).toContain('2 of 3 host(s) ok');
    expect(table.text).toMatch(/HOST +STATUS +VERSION +UPTIME +INTF UP\/DOWN +BGP EST\/ALL/);
    for (const host of ACME) {
      expect(table.text).toContain(host);
      expect(table.text).toContain(lab.device(host).version);
    }
    expect(table.text).toMatch(new RegExp(`${REFUSES_LOGIN} +FAILED`));
    expect(table.text).toContain(`\`${REFUSES_LOGIN}\` *auth_failed*`);
    expect(table.text).toContain("every host's record (JSON lines, parsed) is in this thread");
    expect(validateBlocks(h.fake.channelMessages('C0OPS')[0]!.blocks)).toEqual([]);
    // Nothing the lab logs in with reaches Slack.
    const secrets = lab.devices.flatMap((d) => [d.password, d.enableSecret ?? '']).filter(Boolean);
    for (const secret of secrets) expect(table.text).not.toContain(secret);

    // The three upload steps, as Slack checks them: the announced length is the bytes uploaded, and
    // the file lands in the table's thread.
    const [announce] = h.fake.callsOf('files.getUploadURLExternal');
    expect(announce?.args.filename).toMatch(/^collect-20261205T200000Z\.jsonl$/);
    expect(h.fake.callsOf('upload').map((c) => c.status)).toEqual([200]);
    expect(h.fake.callsOf('files.completeUploadExternal')[0]?.ok).toBe(true);
    const [file] = h.fake.files;
    expect(file).toMatchObject({ channel: 'C0OPS', thread_ts: table.ts });
    expect(Buffer.byteLength(file!.content)).toBe(Number(announce?.args.length));
    const records = file!.content
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as HostFacts);
    expect(records.map((r) => [r.host, r.ok])).toEqual([
      [ACME[0], true],
      [ACME[1], true],
      [REFUSES_LOGIN, false],
    ]);
    expect(records[0]!.results['show version']).toMatchObject({ hostname: ACME[0] });
    expect(records[2]!.error?.code).toBe('auth_failed');
    for (const secret of secrets) expect(file!.content).not.toContain(secret);
    expect(h.audit.entries.filter((e) => e.action === 'command').map((e) => e.outcome)).toEqual([
      'collected',
    ]);
  });

  it('refuses hostile and wrong input at once, ephemerally, before any device or channel post', async () => {
    h = await startHarness({ collector });
    const refusals: [string, string][] = [
      ['collect --hosts acme-nyc-core01 -c "show version\nreload"', 'a line break inside a command'],
      ['collect --hosts acme-nyc-core01 -c "show version\treload"', 'a tab makes the device complete'],
      ['collect --hosts acme-nyc-core01 -c "configure terminal"', '"configure" is not a read-only command'],
      ['collect --hosts acme-nyc-core01 -c reload', '"reload" is not a read-only command'],
      ['collect --hosts acme-nyc-core01 -c "show run | redirect flash:x"', 'writes or reads a file'],
      ['collect --hosts acme-nyc-core01 -c "show version', 'is never closed'],
      ['collect --hosts acme-nyc-core01', 'give at least one command'],
      ['collect --lab --hosts acme-nyc-core01 -c "show version"', "Unknown option '--lab'"],
      ['collect --hosts acme-nyc-core01 -c "show version" --concurrency 0', '--concurrency expects'],
      [`collect --hosts ${'a'.repeat(1_000_000)} -c "show version"`, 'at most 4000 are read'],
    ];
    for (const [text, expected] of refusals) {
      const res = await h.command(text);
      expect(res.status, text.slice(0, 80)).toBe(200);
      const ack = (await res.json()) as Ack;
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text, text.slice(0, 80)).toContain(expected);
      expect(ack.text).toContain('/warroom collect (--hosts H,H');
    }
    expect(h.fake.channelMessages('C0OPS')).toEqual([]);
    expect(h.fake.responses).toEqual([]);
    const audited = h.audit.entries.filter((e) => e.action === 'command');
    expect(audited.map((e) => e.outcome)).toEqual(refusals.map(() => 'usage'));
    // A megabyte typed is not a megabyte kept.
    expect(Math.max(...audited.map((e) => String(e.shown).length))).toBeLessThan(1100);
  });

  it('names an unknown host, window or tag (with the nearest), and refuses a person not on the list', async () => {
    h = await startHarness({ collector });
    const cases: [string, string, string?][] = [
      [
        'collect --hosts acme-nyc-core1 -c "show version"',
        'no host acme-nyc-core1 in the inventory (did you mean acme-nyc-core01?)',
      ],
      ['collect --window W-ACME-TSET -c "show version"', 'no window W-ACME-TSET in the test windows'],
      ['collect --tag coer -c "show version"', 'no inventory host has the tag coer (did you mean core?)'],
      [
        'collect --hosts globex-chi-core01 -c "show version"',
        'you may not collect from the devices of globex',
      ],
      [
        'collect --hosts acme-nyc-core01 -c "show version"',
        'you may not collect from the devices of acme',
        'U0MALLORY',
      ],
    ];
    for (const [text, expected, user] of cases) {
      const ack = (await (await h.command(text, user)).json()) as Ack;
      expect(ack.text).toContain('Collecting');
      expect(await h.nextResponse()).toContain(expected);
    }
    expect(h.fake.channelMessages('C0OPS')).toEqual([]);
    // Bob is in the senior group: any customer.
    await h.command(`collect --hosts ${GLOBEX} -c "show version"`, 'U0BOB');
    expect((await finalTable()).text).toContain('1 of 1 host(s) ok');
  });

  it('a second identical submit while the first runs is told so; the collect runs once', async () => {
    const gate = gated(collector);
    h = await startHarness({ collector: gate });
    const command = `collect --hosts ${ACME.join(',')} -c "show version"`;
    const first = (await (await h.command(command)).json()) as Ack;
    expect(first.text).toContain('Collecting');
    // Acknowledged before any device was read: the collect waits at the gate.
    await eventually(() => expect(gate.waiting()).toBe(1));
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
    const second = (await (await h.command(command)).json()) as Ack;
    expect(second.text).toContain('already running for you');
    // Another person, or other words, is another collect.
    const other = (await (await h.command(command, 'U0BOB')).json()) as Ack;
    expect(other.text).toContain('Collecting');
    gate.release();
    await eventually(() => {
      expect(h.fake.channelMessages('C0OPS')).toHaveLength(2);
      expect(h.fake.files).toHaveLength(2);
    });
    expect(h.audit.entries.filter((e) => e.action === 'command').map((e) => e.outcome)).toEqual([
      'already_running',
      'collected',
      'collected',
    ]);
    // Done: the same words run again.
    const again = (await (await h.command(command)).json()) as Ack;
    expect(again.text).toContain('Collecting');
    await eventually(() => expect(h.fake.files).toHaveLength(3));
  });

  it('an upload answered 429 is retried after Retry-After and attached', async () => {
    h = await startHarness({ collector });
    h.fake.failNext('upload', { status: 429, retryAfter: 0 });
    h.fake.failNext('files.completeUploadExternal', { status: 500 });
    await h.command(`collect --hosts ${ACME[0]} -c "show version"`);
    const table = await finalTable();
    expect(table.text).toContain('is in this thread');
    expect(h.fake.callsOf('upload').map((c) => c.status)).toEqual([429, 200]);
    expect(h.fake.callsOf('files.completeUploadExternal').map((c) => c.status)).toEqual([500, 200]);
    expect(h.fake.files).toHaveLength(1);
  });

  it('an upload Slack keeps failing leaves the table up and says the file could not be attached', async () => {
    h = await startHarness({ collector });
    // FAST_RETRY: the first try and three retries.
    h.fake.failNext('upload', { status: 500 }, 4);
    await h.command(`collect --hosts ${ACME[0]} -c "show version"`);
    const table = await finalTable();
    expect(table.text).toContain(ACME[0]);
    expect(table.text).toContain('could not be attached');
    expect(h.fake.callsOf('upload').map((c) => c.status)).toEqual([500, 500, 500, 500]);
    expect(h.fake.callsOf('files.completeUploadExternal')).toEqual([]);
    expect(h.fake.files).toEqual([]);
    expect(await h.nextResponse()).toContain(
      'The table is posted, but the JSON lines file could not be attached',
    );
  });

  it('a channel the bot may not post in gets the table privately, saying why', async () => {
    h = await startHarness({ collector });
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.command(`collect --hosts ${ACME[0]} -c "show version"`);
    const answer = await h.nextResponse();
    expect(answer).toContain('1 of 1 host(s) ok');
    const [response] = h.fake.responses;
    expect(response?.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(response?.body.blocks)).toContain(
      'the table could not be posted in this channel: An API error occurred: not_in_channel',
    );
    expect(h.fake.files).toEqual([]);
  });
});
