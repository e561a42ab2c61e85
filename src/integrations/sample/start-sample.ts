/**
 * The embedded default's systems: local fakes of Jira (serving the sample SEC-4821), Freshservice (CAB
 * approves on first read, or never with `autoApprove: false`), NetBox (the inventory's devices) and
 * ConnectWise (a configuration per host), on 127.0.0.1, with the settings that point the real clients at
 * them. Mail goes to the outbox, not to a fake Gmail.
 */
import { join } from 'node:path';
import type { HttpSettings, IntegrationsConfig } from '../../config/integrations.js';
import type { Inventory } from '../../inventory/schema.js';
import { ConnectwiseFake } from './connectwise-fake.js';
import { FreshserviceFake } from './freshservice-fake.js';
import { JiraFake } from './jira-fake.js';
import { NetboxFake, netboxDevicesFromInventory } from './netbox-fake.js';
import { SAMPLE_JIRA_FIELDS } from './sample-issue.js';

export interface SampleIntegrations {
  config: Required<Omit<IntegrationsConfig, 'gmail'>>;
  jira: JiraFake;
  freshservice: FreshserviceFake;
  netbox: NetboxFake;
  connectwise: ConnectwiseFake;
  close(): Promise<void>;
}

export async function startSampleIntegrations(
  inventory: Inventory,
  options: {
    autoApprove?: boolean;
    http?: HttpSettings;
    /** Where the sample Freshservice keeps its changes. */ stateDir?: string;
  } = {},
): Promise<SampleIntegrations> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const jira = await JiraFake.start();
    started.push(jira);
    const freshservice = await FreshserviceFake.start({
      autoApprove: options.autoApprove ?? true,
      ...(options.stateDir ? { stateFile: join(options.stateDir, 'freshservice-changes.json') } : {}),
    });
    started.push(freshservice);
    const netbox = await NetboxFake.start({ devices: netboxDevicesFromInventory(inventory) });
    started.push(netbox);
    const connectwise = await ConnectwiseFake.start({ configurations: inventory.hosts.map((h) => h.name) });
    started.push(connectwise);
    return {
      config: {
        jira: {
          baseUrl: jira.base,
          email: jira.email,
          apiToken: jira.apiToken,
          fields: { ...SAMPLE_JIRA_FIELDS },
          browseUrl: 'https://jira.sample.invalid',
        },
        freshservice: { url: freshservice.base, apiKey: freshservice.apiKey, requesterId: 1001 },
        netbox: { url: netbox.base, token: netbox.token, versionField: 'software_version' },
        connectwise: {
          url: connectwise.apiUrl,
          company: connectwise.company,
          publicKey: connectwise.publicKey,
          privateKey: connectwise.privateKey,
          clientId: connectwise.clientId,
        },
        http: options.http ?? { timeoutMs: 5_000, retries: 2 },
      },
      jira,
      freshservice,
      netbox,
      connectwise,
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
