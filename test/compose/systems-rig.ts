/**
 * The systems around a window as the Slack bot wires them, in this process: a real SQLite file, the local
 * fakes of Jira, Freshservice, Gmail, NetBox and ConnectWise over real HTTP on 127.0.0.1, the real Bolt app
 * against the fake Slack Web API (signed requests), the real SystemsService, WindowSystems and schedule
 * hooks. `restart()` builds a second bot on the same database and fakes (a restart, or another bot).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackSystemsTeller } from '../../src/compose/slack-systems.js';
import { createSystemsHooks, type SystemsHooks } from '../../src/compose/window-hooks.js';
import {
  createConnectwiseClient,
  createFreshserviceClient,
  createGmailMailer,
  createJiraClient,
  createNetboxClient,
  WindowSystems,
} from '../../src/integrations/index.js';
import {
  ConnectwiseFake,
  FreshserviceFake,
  GmailFake,
  JiraFake,
  NetboxFake,
  SAMPLE_JIRA_FIELDS,
  netboxDevicesFromInventory,
} from '../../src/integrations/sample/index.js';
import { ManualClock } from '../../src/ports/clock.js';
import { createWindowSource, type MaintenanceWindow } from '../../src/scheduler/index.js';
import { SystemsService } from '../../src/service/index.js';
import { createSlackWebClient, FAST_RETRY, type WebClient } from '../../src/slack/index.js';
import { openStore, type SqliteStore } from '../../src/store/index.js';
import { seedCatalogue, seedInventory, TEST_HTTP } from '../integrations/helpers.js';
import { FakeWarroomService } from '../slack/fake-service.js';
import { startHarness, type Harness } from '../slack/harness.js';

export const W = 'W-ACME-2026-12-05';
/** Friday 4 Dec 22:00 EST: the window's T-24h. */
export const T24 = Date.parse('2026-12-04T22:00:00-05:00');
export const START = Date.parse('2026-12-05T22:00:00-05:00');

const WINDOWS = `windows:
  - id: ${W}
    customer: acme
    start: "2026-12-05T22:00:00-05:00"
    end: "2026-12-06T02:00:00-05:00"
    hosts: [acme-nyc-acc01, acme-bos-edge01]
    procedure: procedures/iosxe-upgrade.yml
    target: "17.09.05"
    on_call: Dana Reyes
    jira: SEC-4821
`;

export interface Bot {
  h: Harness;
  store: SqliteStore;
  systems: WindowSystems;
  service: SystemsService;
  hooks: SystemsHooks;
  loadWindows: () => Promise<MaintenanceWindow[]>;
  client: WebClient;
  stop(): Promise<void>;
}

export interface SystemsRig {
  dir: string;
  clock: ManualClock;
  jira: JiraFake;
  fs: FreshserviceFake;
  gmail: GmailFake;
  netbox: NetboxFake;
  cw: ConnectwiseFake;
  bot: Bot;
  /** Another bot on the same database, fakes and Slack (a restart, or a second instance). */
  restart(): Promise<Bot>;
  close(): Promise<void>;
}

export async function startSystemsRig(): Promise<SystemsRig> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-systems-'));
  const clock = new ManualClock(T24);
  const inventory = seedInventory();
  const jira = await JiraFake.start();
  const fs = await FreshserviceFake.start();
  const gmail = await GmailFake.start();
  const netbox = await NetboxFake.start({ devices: netboxDevicesFromInventory(inventory) });
  const cw = await ConnectwiseFake.start({ configurations: inventory.hosts.map((h) => h.name) });
  const windowsFile = join(dir, 'windows.yml');
  await writeFile(windowsFile, WINDOWS);
  const credentials = join(dir, 'gmail.json');
  await writeFile(credentials, gmail.credentialsJson());
  const dbPath = join(dir, 'warroom.db');
  const bots: Bot[] = [];

  const startBot = async (fake?: Harness['fake']): Promise<Bot> => {
    const store = openStore(dbPath, { clock });
    const loadWindows = createWindowSource({ file: windowsFile, stored: store.windows });
    const mailer = await createGmailMailer(
      { credentialsFile: credentials, sender: gmail.mailbox, apiRoot: gmail.base },
      TEST_HTTP,
    );
    const changes = createFreshserviceClient(
      { url: fs.base, apiKey: fs.apiKey, requesterId: 1001 },
      TEST_HTTP,
    );
    const systems = new WindowSystems({
      store,
      inventory,
      clock,
      mailer,
      sender: gmail.mailbox,
      changes,
      cmdb: [
        createNetboxClient(
          { url: netbox.base, token: netbox.token, versionField: 'software_version' },
          TEST_HTTP,
        ),
        createConnectwiseClient(
          {
            url: cw.apiUrl,
            company: cw.company,
            publicKey: cw.publicKey,
            privateKey: cw.privateKey,
            clientId: cw.clientId,
          },
          TEST_HTTP,
        ),
      ],
    });
    const service = new SystemsService({
      systems,
      store,
      inventory,
      catalogue: seedCatalogue(),
      clock,
      loadWindows,
      audit: store.audit,
      tracker: createJiraClient(
        {
          baseUrl: jira.base,
          email: jira.email,
          apiToken: jira.apiToken,
          fields: { ...SAMPLE_JIRA_FIELDS },
        },
        TEST_HTTP,
      ),
      jiraFields: { ...SAMPLE_JIRA_FIELDS },
      changes,
    });
    const h = await startHarness({
      clock,
      store,
      systems: service,
      service: new FakeWarroomService(),
      ...(fake ? { fake } : {}),
    });
    const client = createSlackWebClient({ token: h.fake.token, apiUrl: h.fake.apiUrl, retry: FAST_RETRY });
    const hooks = createSystemsHooks({
      systems,
      store,
      clock,
      inventory,
      loadWindows,
      activeRun: () => undefined,
      teller: slackSystemsTeller({ client, operator: h.operator, store, systems, service }),
    });
    const bot: Bot = {
      h,
      store,
      systems,
      service,
      hooks,
      loadWindows,
      client,
      stop: async () => {
        await h.operator.idle();
        await h.stop();
        store.close();
      },
    };
    bots.push(bot);
    return bot;
  };

  const bot = await startBot();
  return {
    dir,
    clock,
    jira,
    fs,
    gmail,
    netbox,
    cw,
    bot,
    restart: () => startBot(bot.h.fake),
    close: async () => {
      for (const b of bots.reverse()) await b.stop();
      await Promise.all([jira.close(), fs.close(), gmail.close(), netbox.close(), cw.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The blocks of a message as the fake keeps them. */
export type Blocks = { type: string; block_id?: string; elements?: Record<string, unknown>[] }[];

/** The value and confirm of the button with `actionId` in a message's blocks. */
export function buttonOf(
  blocks: unknown[],
  actionId: string,
): { value: string; confirm?: unknown } | undefined {
  for (const b of blocks as Blocks)
    for (const e of b.elements ?? [])
      if (e.action_id === actionId) return { value: String(e.value), confirm: e.confirm };
  return undefined;
}
