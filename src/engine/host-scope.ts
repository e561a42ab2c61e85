/**
 * What a procedure's expressions and templates read for one host (see src/procedures/vocabulary.ts for
 * the names), built from the inventory, the window, the catalogue and what the run has learnt so far.
 * Pure.
 */
import type { CatalogueImage, Customer, InventoryHost, Site } from '../inventory/schema.js';
import { platformProfile } from '../inventory/platforms.js';
import type { DeviceFacts, UpgradePlan } from '../ports/device-facts.js';
import type { Procedure, ProcedureFacts, Scope, StepState } from '../procedures/index.js';
import type { MaintenanceWindow } from '../scheduler/index.js';

export interface ScopeInput {
  runId: string;
  window: MaintenanceWindow;
  procedure: Procedure;
  host?: InventoryHost;
  customerId: string;
  customer?: Customer;
  siteId?: string;
  site?: Site;
  image?: CatalogueImage;
  vars: Readonly<Record<string, unknown>>;
  facts?: ProcedureFacts;
  steps: Readonly<Record<string, StepState>>;
}

export function buildScope(input: ScopeInput): Scope {
  const scope: Record<string, unknown> = {
    run: { id: input.runId },
    window: {
      id: input.window.id,
      start: input.window.start,
      end: input.window.end,
      customer: input.window.customer,
      on_call: input.window.on_call,
      change_request: input.window.change_request ?? '',
      jira: input.window.jira ?? '',
    },
    vars: { ...input.procedure.vars, ...input.vars },
    steps: input.steps,
    target: { version: input.window.target ?? input.image?.version ?? '', image: input.image?.file ?? '' },
    facts: input.facts ?? {},
  };
  if (input.customer) scope.customer = { id: input.customerId, ...input.customer };
  if (input.site && input.siteId) scope.site = { id: input.siteId, ...input.site };
  if (input.host)
    scope.host = { ...input.host, family: platformProfile(input.host.model)?.family ?? 'unknown' };
  if (input.image) scope.image = { ...input.image };
  return scope;
}

/** `steps.<id>` for every step before anything ran. */
export function pendingStepStates(procedure: Procedure): Record<string, StepState> {
  const states: Record<string, StepState> = {};
  for (const step of [...procedure.steps, ...procedure.rollback]) {
    states[step.id] = { ok: false, status: 'pending', changed: false, output: '', result: null };
  }
  return states;
}

/** The driver's facts under the names procedures use. */
export function toProcedureFacts(facts: DeviceFacts, plan?: UpgradePlan): ProcedureFacts {
  const members = facts.stack.length > 0 ? facts.stack : undefined;
  return {
    reachable: true,
    hostname: facts.hostname,
    version: facts.version,
    model: facts.model,
    boot_mode: facts.bootMode,
    running_image: facts.image,
    flash_device: facts.flash.device === 'bootflash:' ? 'bootflash:' : 'flash:',
    flash_total: facts.flash.totalBytes,
    free_flash: facts.flash.freeBytes,
    files: facts.flash.files.map((f) => f.name),
    install_in_progress: facts.warnings.some((w) => /in progress/i.test(w)),
    install_uncommitted: facts.install.uncommitted,
    auto_abort_active: facts.install.autoAbortTimerActive,
    redundancy_mode: facts.redundancy.mode,
    peer_state: facts.redundancy.peerState ?? null,
    members: members?.length ?? 1,
    members_ready: members ? members.filter((m) => /ready/i.test(m.state)).length : 1,
    member_versions: members ? members.map((m) => m.version ?? facts.version) : [facts.version],
    boot_variable: facts.bootVariable,
    issu_capable: plan?.method === 'issu',
    uptime_seconds: uptimeSeconds(facts.uptime),
  };
}

const UNIT_SECONDS: Record<string, number> = {
  year: 31_536_000,
  week: 604_800,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
};

/** `2 weeks, 3 days, 4 hours, 5 minutes` -> seconds. */
function uptimeSeconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+)\s+(year|week|day|hour|minute|second)s?/gi)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2]!.toLowerCase()] ?? 0);
  }
  return total;
}
