/**
 * The whole workflow around a window in a terminal rehearsal, as a real `warroom start` process against the
 * lab and the local samples it starts on 127.0.0.1 (nobody types anything): the window's Jira change request
 * is planned and one change raised, the sample CAB approves it when asked, the customer mail is drafted and
 * sent at T-24h (an .eml in the outbox beside the JSON Gmail would have received), T-0 starts once the change
 * is approved, the host is upgraded, and at the end the results mail goes out and NetBox and ConnectWise
 * record the new version. Started again on the same database it raises, sends and records nothing twice.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { spawnWarroom } from '../helpers/warroom-process.js';

const WINDOW = `windows:
  - id: W-FLOW
    customer: acme
    start: "2026-12-05T22:00"
    end: "2026-12-05T22:40"
    timezone: America/New_York
    announce_before: 20m
    hosts: [acme-bos-edge01]
    procedure: procedures/iosxe-upgrade.yml
    target: "17.09.05"
    on_call: Dana Reyes
    jira: SEC-4821
`;

describe('the workflow around a window, rehearsed in the terminal against the lab and the local samples', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-flow-'));
    await writeFile(join(dir, 'windows.yml'), WINDOW);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const start = () =>
    spawnWarroom(
      [
        'start',
        '--clock',
        '2026-12-05T21:39:00-05:00',
        '--time-scale',
        '1/120',
        '--fast-forward',
        '--yes',
        '--windows',
        join(dir, 'windows.yml'),
        '--db',
        join(dir, 'warroom.db'),
      ],
      { env: { SLACK_BOT_TOKEN: '', WARROOM_IMAGES_DIR: join(dir, 'images') } },
    );

  it('plans, raises the change, mails, waits for CAB, upgrades, mails the results and updates the CMDB, once', async () => {
    const first = start();
    expect(await first.exited).toBe(0);
    const out = first.output();
    const lines = [
      /plan: SEC-4821: Cisco IOS XE Web UI privilege escalation/,
      /plan: window W-FLOW \[exists\]/,
      /change request for acme: CHG-1 created/,
      /W-FLOW: customer mail drafted in outbox \(draft-[0-9a-f]+\)/,
      /\| We will upgrade the software of one of your network devices .* change request CHG-1\./,
      /W-FLOW: customer mail sent to netops@acme\.example \(message msg-[0-9a-f]+\)/,
      /T-20 of W-FLOW: fired: announced/,
      /W-FLOW: CHG-1 is approved by CAB/,
      /T-0 of W-FLOW: fired: run \S+ started/,
      /run \S+: succeeded/,
      /W-FLOW: results mail sent to netops@acme\.example \(outbox message msg-[0-9a-f]+\)/,
      /acme-bos-edge01: 17\.09\.05 recorded in netbox \(\d+\)/,
      /acme-bos-edge01: 17\.09\.05 recorded in connectwise \(\d+\)/,
      /every trigger has fired and no run is going: done/,
    ];
    let at = 0;
    for (const line of lines) {
      const found = out.slice(at).search(line);
      expect(found, `${line} after ${out.slice(at, at + 200)}`).toBeGreaterThanOrEqual(0);
      at += found;
    }
    // Only the window's customer gets a change: the others have no window in this rehearsal.
    expect(out).not.toMatch(/change request for (globex|initech|umbrella)/);

    const outbox = readdirSync(join(dir, 'outbox')).sort();
    expect(outbox.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(outbox.filter((f) => f.endsWith('.drafts.create.json'))).toHaveLength(2);
    expect(outbox.filter((f) => f.endsWith('.sent.json'))).toHaveLength(2);
    const results = outbox
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(dir, 'outbox', f), 'utf8'))
      .find((m) => m.includes('Subject: Maintenance results: W-FLOW (1/1 upgraded)'));
    expect(results).toBeDefined();
    expect(existsSync(join(dir, 'sample', 'freshservice-changes.json'))).toBe(true);

    const store = openStore(join(dir, 'warroom.db'), { readonly: true });
    try {
      expect(store.changeRequests.list().map((c) => [c.customer, c.displayId, c.approval])).toEqual([
        ['acme', 'CHG-1', 'approved'],
      ]);
      expect(store.customerMails.list().map((m) => [m.kind, m.state])).toEqual([
        ['pre_window', 'sent'],
        ['results', 'sent'],
      ]);
      expect(store.cmdbUpdates.list().map((u) => [u.system, u.host, u.version, u.state])).toEqual([
        ['netbox', 'acme-bos-edge01', '17.09.05', 'landed'],
        ['connectwise', 'acme-bos-edge01', '17.09.05', 'landed'],
      ]);
    } finally {
      store.close();
    }

    // Started again: the rehearsal carries on where it stopped, and nothing is raised, sent or recorded twice.
    const second = start();
    expect(await second.exited).toBe(0);
    const again = second.output();
    expect(again).toContain('change request for acme: CHG-1 unchanged');
    expect(again).not.toMatch(/customer mail (drafted|sent)|results mail sent|recorded in/);
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.sent.json'))).toHaveLength(2);
    const after = openStore(join(dir, 'warroom.db'), { readonly: true });
    try {
      expect(after.cmdbUpdates.list()).toHaveLength(2);
      expect(after.customerMails.list()).toHaveLength(2);
    } finally {
      after.close();
    }
  }, 240_000);
});
