/**
 * The systems around a window for a command: the configured clients, or (for each system with no
 * settings) the in-process sample of it, the embedded default. Sample state (the sample CAB's changes, the
 * outbox) lives under data/ beside the database. A bot on the production fleet takes the configured systems
 * only (`openAvailableIntegrations` with `samples: false`): a sample CAB that approves whatever it is asked
 * must never let a real device start.
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

export type JiraFieldIds = {
  affectedVersions: string;
  fixedVersion: string;
  tag?: string;
  advisory?: string;
};

export interface Integrations {
  config: IntegrationsConfig;
  tracker: IssueTracker;
  jiraFields: JiraFieldIds;
  changes: ChangeRequests;
  /** NetBox when configured (or the sample), for the inventory and the CMDB. */
  netbox: NetboxClient;
  cmdb: CmdbUpdater[];
  mailer(): Promise<Mailer>;
  /** The sender of customer mail. */
  sender: string;
  /** Which systems are the local samples, to say so. */
  samples: string[];
  /** The in-process samples, when any runs (the embedded default's CAB, for one). */
  sample?: SampleIntegrations;
  close(): Promise<void>;
}

/** The same, where a system that is not configured is simply absent. Mail always has a home (the outbox). */
export type AvailableIntegrations = Omit<Integrations, 'tracker' | 'jiraFields' | 'changes' | 'netbox'> & {
  tracker?: IssueTracker;
  jiraFields?: JiraFieldIds;
  changes?: ChangeRequests;
  netbox?: NetboxClient;
};

export async function openIntegrations(
  loaded: LoadedConfig,
  inventory: Inventory,
  dbPath: string,
): Promise<Integrations> {
  const opened = await openAvailableIntegrations(loaded, inventory, dbPath, { samples: true });
  const { tracker, jiraFields, changes, netbox } = opened;
  // With samples every system is present.
  return { ...opened, tracker: tracker!, jiraFields: jiraFields!, changes: changes!, netbox: netbox! };
}

export async function openAvailableIntegrations(
  loaded: LoadedConfig,
  inventory: Inventory,
  dbPath: string,
  options: {
    samples: boolean;
    /** Where the outbox and the samples' state live (default: beside the database). */
    dataDir?: string;
    /** The sample CAB approves a change when it reads it (default true). */
    autoApprove?: boolean;
  },
): Promise<AvailableIntegrations> {
  const config = requireSettings(loaded, 'integrations').integrations;
  const dataDir = options.dataDir ?? dirname(dbPath);
  const needSample =
    options.samples && (!config.jira || !config.freshservice || !config.netbox || !config.connectwise);
  let sample: SampleIntegrations | undefined;
  if (needSample)
    sample = await startSampleIntegrations(inventory, {
      stateDir: join(dataDir, 'sample'),
      ...(options.autoApprove !== undefined ? { autoApprove: options.autoApprove } : {}),
    });
  const jira = config.jira ?? sample?.config.jira;
  const freshservice = config.freshservice ?? sample?.config.freshservice;
  const netbox = config.netbox ?? sample?.config.netbox;
  const connectwise = config.connectwise ?? sample?.config.connectwise;
  const samples = sample
    ? [
        ...(!config.jira ? ['jira'] : []),
        ...(!config.freshservice ? ['freshservice'] : []),
        ...(!config.gmail ? ['gmail (outbox)'] : []),
        ...(!config.netbox ? ['netbox'] : []),
        ...(!config.connectwise ? ['connectwise'] : []),
      ]
    : config.gmail
      ? []
      : ['gmail (outbox)'];
  const netboxClient = netbox ? createNetboxClient(netbox, config.http) : undefined;
  return {
    config,
    ...(jira ? { tracker: createJiraClient(jira, config.http), jiraFields: jira.fields } : {}),
    ...(freshservice ? { changes: createFreshserviceClient(freshservice, config.http) } : {}),
    ...(netboxClient ? { netbox: netboxClient } : {}),
    cmdb: [
      ...(netboxClient ? [netboxClient] : []),
      ...(connectwise ? [createConnectwiseClient(connectwise, config.http)] : []),
    ],
    mailer: async () =>
      config.gmail
        ? createGmailMailer(config.gmail, config.http)
        : createOutboxMailer(join(dataDir, 'outbox')),
    sender: config.gmail?.sender ?? 'noc@msp.example',
    samples,
    ...(sample ? { sample } : {}),
    close: async () => {
      await sample?.close();
    },
  };
}
