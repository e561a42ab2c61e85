/**
 * The systems around a window for `warroom start`: the mailer, the change system and the CMDBs built from
 * the settings (a rehearsal takes the in-process samples for whatever is not configured; the production
 * bot only what is), and a rehearsal's first act: every change request its windows were planned from is
 * planned again from the tracker and raised, one change per customer, so the windows wait for CAB as
 * real ones do.
 */
import type { LoadedConfig } from '../config/index.js';
import { DEFAULT_INVENTORY_PATH } from '../lab/index.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import { createInventoryFileUpdater, raiseChangeRequests, WindowSystems } from '../integrations/index.js';
import { planAdvisory, renderPlanText } from '../planning/index.js';
import type { Clock } from '../ports/clock.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import type { WindowSummary } from '../ports/warroom-service.js';
import { existingWindowsOf, SystemsService, toSystemsWindow } from '../service/index.js';
import { loadCatalogue, loadInventory } from './engine.js';
import {
  createSystemsHooks,
  type SystemsHookDeps,
  type SystemsHooks,
  type SystemsTeller,
} from './window-hooks.js';
import type { Store } from '../store/index.js';
import { openAvailableIntegrations, type AvailableIntegrations } from './integrations.js';

export interface SystemsSetup {
  systems: WindowSystems;
  integrations: AvailableIntegrations;
  close(): Promise<void>;
}

export async function openWindowSystems(options: {
  loaded: LoadedConfig;
  inventory: Inventory;
  store: Store;
  clock: Clock;
  dbPath: string;
  /** The local samples for systems that are not configured (a rehearsal against the lab). */
  samples: boolean;
  /** Where the outbox and the samples' state live (default: beside the database). */
  dataDir?: string;
  /** Record new versions in the inventory file too (the production fleet; never the lab's seed). */
  recordInInventory?: boolean;
}): Promise<SystemsSetup> {
  const integrations = await openAvailableIntegrations(options.loaded, options.inventory, options.dbPath, {
    samples: options.samples,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  try {
    const systems = new WindowSystems({
      store: options.store,
      inventory: options.inventory,
      clock: options.clock,
      mailer: await integrations.mailer(),
      sender: integrations.sender,
      ...(integrations.changes ? { changes: integrations.changes } : {}),
      cmdb: [
        ...integrations.cmdb,
        ...(options.recordInInventory ? [createInventoryFileUpdater(DEFAULT_INVENTORY_PATH)] : []),
      ],
    });
    return { systems, integrations, close: () => integrations.close() };
  } catch (error) {
    await integrations.close();
    throw error;
  }
}

/**
 * A rehearsal's first act: each Jira key the windows carry is read from the tracker and planned with the
 * windows kept as they are, and one change per customer is raised (once: a rehearsal started again
 * changes nothing). Without a tracker or a change system there is nothing to raise.
 */
export async function raiseRehearsalChanges(options: {
  integrations: AvailableIntegrations;
  store: Store;
  inventory: Inventory;
  catalogue: readonly CatalogueImage[];
  windows: readonly MaintenanceWindow[];
  clock: Clock;
  print: (line: string) => void;
}): Promise<void> {
  const { integrations, store, inventory, clock, print } = options;
  const { tracker, changes, jiraFields } = integrations;
  if (!tracker || !changes || !jiraFields) return;
  const keys = [...new Set(options.windows.flatMap((w) => (w.jira ? [w.jira] : [])))];
  for (const key of keys) {
    let issue;
    try {
      issue = await tracker.readIssue(key);
    } catch (error) {
      // The windows still run; without their change raised they are not held for one.
      print(`could not read ${key}, so no change request was raised for it: ${(error as Error).message}`);
      continue;
    }
    const planned = planAdvisory({
      issue,
      fields: jiraFields,
      inventory,
      catalogue: options.catalogue,
      existingWindows: existingWindowsOf(options.windows, inventory),
      now: clock.now(),
    });
    // The rehearsal runs its windows as they are: only their customers get a change, for their windows.
    const plan = {
      ...planned,
      customers: planned.customers
        .map((c) => {
          const windows = c.windows.filter((w) => w.status === 'exists');
          const ids = new Set(windows.map((w) => w.id));
          return { ...c, windows, hosts: c.hosts.filter((h) => ids.has(h.windowId)) };
        })
        .filter((c) => c.windows.length > 0),
    };
    for (const line of renderPlanText(plan).trimEnd().split('\n')) print(`plan: ${line}`);
    const raised = await raiseChangeRequests({ store, changes, clock }, plan, inventory.customers);
    for (const o of raised.outcomes)
      print(`change request for ${o.customer}: ${o.record?.displayId ?? '-'} ${o.action}`);
    for (const f of raised.failures)
      print(`change request for ${f.customer}: FAILED [${f.error.code}] ${f.error.message}`);
  }
}

/** Everything a front end needs of the systems around its windows, wired once. */
export interface WindowSystemsWiring extends SystemsSetup {
  inventory: Inventory;
  /** What holds a window that has not run (EngineService's `/warroom windows`). */
  blockedBy(window: MaintenanceWindow): WindowSummary['blockedBy'];
  /** The chat-facing service: the plan, the changes, the customer mails. */
  service: SystemsService;
  /** The schedule's hooks, told through the front end's teller. */
  hooks(options: {
    activeRun: SystemsHookDeps['activeRun'];
    teller: (service: SystemsService) => SystemsTeller;
  }): SystemsHooks;
}

export async function wireWindowSystems(options: {
  loaded: LoadedConfig;
  store: Store;
  clock: Clock;
  dbPath: string;
  samples: boolean;
  recordInInventory?: boolean;
  loadWindows: () => Promise<MaintenanceWindow[]>;
}): Promise<WindowSystemsWiring> {
  const { store, clock, loadWindows } = options;
  const inventory = await loadInventory();
  const catalogue = await loadCatalogue();
  const opened = await openWindowSystems({ ...options, inventory });
  const { integrations, systems } = opened;
  const service = new SystemsService({
    systems,
    store,
    inventory,
    catalogue,
    clock,
    loadWindows,
    audit: store.audit,
    ...(integrations.tracker ? { tracker: integrations.tracker } : {}),
    ...(integrations.jiraFields ? { jiraFields: integrations.jiraFields } : {}),
    ...(integrations.changes ? { changes: integrations.changes } : {}),
    samples: integrations.samples,
  });
  return {
    ...opened,
    inventory,
    service,
    blockedBy: (window) => {
      const gate = systems.storedGate(toSystemsWindow(window, inventory, store));
      return gate.gate === 'approved' ? undefined : { state: gate.gate, reason: gate.reason };
    },
    hooks: ({ activeRun, teller }) =>
      createSystemsHooks({
        systems,
        store,
        clock,
        inventory,
        loadWindows,
        activeRun,
        teller: teller(service),
      }),
  };
}
