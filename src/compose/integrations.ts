/**
 * The systems around a window for a terminal command: the configured clients, or (for each system with
 * no settings) the in-process sample of it, the embedded default. Sample state (the sample CAB's changes,
 * the outbox) lives under data/ beside the database.
 */
import { dirname, join } from 'node:path';
import { requireSettings, type LoadedConfig } from '../config/index.js';
import type { IntegrationsConfig } from '../config/integrations.js';
import type { Inventory } from '../inventory/schema.js';
import {
  createConnectwiseClient,
  createFreshserviceClient,
  createGmailMailer,
  createJiraClient,
  createNetboxClient,
  createOutboxMailer,
  type NetboxClient,
} from '../integrations/index.js';
import { startSampleIntegrations, type SampleIntegrations } from '../integrations/sample/index.js';
import type { ChangeRequests } from '../ports/change-requests.js';
import type { CmdbUpdater } from '../ports/cmdb.js';
import type { Mailer } from '../ports/mailer.js';
import type { IssueTracker } from '../ports/tickets.js';

export interface Integrations {
  config: IntegrationsConfig;
  tracker: IssueTracker;
  jiraFields: { affectedVersions: string; fixedVersion: string; tag?: string; advisory?: string };
  changes: ChangeRequests;
  /** NetBox when configured (or the sample), for the inventory and the CMDB. */
  netbox: NetboxClient;
  cmdb: CmdbUpdater[];
  mailer(): Promise<Mailer>;
  /** The sender of customer mail. */
  sender: string;
  /** Which systems are the local samples, to say so. */
  samples: string[];
  close(): Promise<void>;
}

export async function openIntegrations(
  loaded: LoadedConfig,
  inventory: Inventory,
  dbPath: string,
): Promise<Integrations> {
  const config = requireSettings(loaded, 'integrations').integrations;
  const dataDir = dirname(dbPath);
  const needSample = !config.jira || !config.freshservice || !config.netbox || !config.connectwise;
  let sample: SampleIntegrations | undefined;
  if (needSample) sample = await startSampleIntegrations(inventory, { stateDir: join(dataDir, 'sample') });
  const jira = config.jira ?? sample!.config.jira;
  const freshservice = config.freshservice ?? sample!.config.freshservice;
  const netbox = config.netbox ?? sample!.config.netbox;
  const connectwise = config.connectwise ?? sample!.config.connectwise;
  const samples = [
    ...(!config.jira ? ['jira'] : []),
    ...(!config.freshservice ? ['freshservice'] : []),
    ...(!config.gmail ? ['gmail (outbox)'] : []),
    ...(!config.netbox ? ['netbox'] : []),
    ...(!config.connectwise ? ['connectwise'] : []),
  ];
  const netboxClient = createNetboxClient(netbox, config.http);
  return {
    config,
    tracker: createJiraClient(jira, config.http),
    jiraFields: jira.fields,
    changes: createFreshserviceClient(freshservice, config.http),
    netbox: netboxClient,
    cmdb: [netboxClient, createConnectwiseClient(connectwise, config.http)],
    mailer: async () =>
      config.gmail
        ? createGmailMailer(config.gmail, config.http)
        : createOutboxMailer(join(dataDir, 'outbox')),
    sender: config.gmail?.sender ?? 'noc@msp.example',
    samples,
    close: async () => {
      await sample?.close();
    },
  };
}
