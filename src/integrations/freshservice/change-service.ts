/**
 * Change requests as a service over the store: raise one per plan and customer exactly once (a claim row
 * before the create call; a claim left by a crash is reconciled by finding the marker in the subject),
 * update it when the plan's content changed, poll undecided ones with backoff, and answer whether a
 * window's change lets it start.
 */
import { WarroomError, toWarroomError } from '../../core/errors.js';
import type { Customer } from '../../inventory/schema.js';
import type { ChangeRequests, ChangeState } from '../../ports/change-requests.js';
import type { Clock } from '../../ports/clock.js';
import type { AdvisoryPlan, CustomerPlan } from '../../planning/index.js';
import { canonicalJson, sha256Hex, type ChangeRequestRecord, type Store } from '../../store/index.js';
import { composeChangeDraft, decideChangeGate, nextChangeCheck, type ChangeGate } from './change-draft.js';

export interface ChangeServiceDeps {
  store: Store;
  changes: ChangeRequests;
  clock: Clock;
  /** How long a `creating` claim holds before it is taken to be a crashed create (default 2 min). */
  leaseMs?: number;
}

export type RaiseAction = 'created' | 'adopted' | 'updated' | 'unchanged' | 'in_progress' | 'no_window';

export interface RaiseOutcome {
  customer: string;
  action: RaiseAction;
  record?: ChangeRequestRecord;
}

/** Raises (or updates) the change of one customer of a plan. */
export async function raiseChangeRequest(
  deps: ChangeServiceDeps,
  plan: AdvisoryPlan,
  customerPlan: CustomerPlan,
  customer: Customer,
): Promise<RaiseOutcome> {
  const { store, changes, clock } = deps;
  const draft = composeChangeDraft(plan, customerPlan, customer);
  if (!draft) return { customer: customerPlan.customer, action: 'no_window' };
  const contentHash = sha256Hex(canonicalJson(draft));
  const key = { planKey: plan.key, customer: customerPlan.customer };
  const save = (state: ChangeState, hash?: string): ChangeRequestRecord =>
    store.changeRequests.recordState(key.planKey, key.customer, {
      changeId: state.id,
      displayId: state.displayId,
      ...(state.url ? { url: state.url } : {}),
      approval: state.approval,
      status: state.status,
      ...(hash ? { contentHash: hash } : {}),
      nextCheckAt: clock.now(),
    });

  const { record, claimed } = store.changeRequests.claim({
    ...key,
    system: changes.system,
    marker: draft.marker,
  });
  if (!claimed && record.state === 'created') {
    if (record.contentHash === contentHash) return { customer: key.customer, action: 'unchanged', record };
    const updated = await changes.update(record.changeId!, draft);
    return { customer: key.customer, action: 'updated', record: save(updated, contentHash) };
  }
  if (!claimed) {
    // Someone holds the claim: wait for them, unless the claim is older than a create can take.
    const stale = record.claimedAt + (deps.leaseMs ?? 120_000) <= clock.now();
    if (!stale || !store.changeRequests.reclaim(key.planKey, key.customer, record.claimedAt))
      return { customer: key.customer, action: 'in_progress', record };
    const found = await changes.findByMarker(draft.marker, record.claimedAt - 60 * 60_000);
    if (found) {
      const adopted = save(found);
      if (adopted.contentHash === contentHash)
        return { customer: key.customer, action: 'adopted', record: adopted };
      const updated = await changes.update(found.id, draft);
      return { customer: key.customer, action: 'adopted', record: save(updated, contentHash) };
    }
  }
  let created: ChangeState;
  try {
    created = await changes.create(draft);
  } catch (error) {
    store.changeRequests.releaseClaim(key.planKey, key.customer, toWarroomError(error).message);
    throw error;
  }
  return { customer: key.customer, action: 'created', record: save(created, contentHash) };
}

/** Raises the change of every customer of the plan; one customer's failure does not stop the others. */
export async function raiseChangeRequests(
  deps: ChangeServiceDeps,
  plan: AdvisoryPlan,
  customers: Readonly<Record<string, Customer>>,
): Promise<{ outcomes: RaiseOutcome[]; failures: { customer: string; error: WarroomError }[] }> {
  const outcomes: RaiseOutcome[] = [];
  const failures: { customer: string; error: WarroomError }[] = [];
  for (const c of plan.customers) {
    const customer = customers[c.customer];
    if (!customer) continue;
    try {
      const outcome = await raiseChangeRequest(deps, plan, c, customer);
      outcomes.push(outcome);
      if (outcome.record?.displayId) linkWindows(deps.store, plan.key, c.customer, outcome.record.displayId);
    } catch (error) {
      failures.push({ customer: c.customer, error: toWarroomError(error) });
    }
  }
  return { outcomes, failures };
}

/** The plan's windows carry their change's id (`CHG-42`), as `/warroom windows` shows it. */
function linkWindows(store: Store, planKey: string, customer: string, displayId: string): void {
  for (const w of store.windows.list({ customer })) {
    if (w.jiraKey !== planKey || w.changeRequest === displayId) continue;
    const { createdAt: _c, updatedAt: _u, ...input } = w;
    store.windows.upsert({ ...input, changeRequest: displayId });
  }
}

/**
 * Reads every undecided change whose check is due (`now: true`: every undecided change, as when a person
 * asks; `only`: that one change, due or not, as a window's T-0 does); a change that cannot be read is
 * retried later.
 */
export async function pollChangeRequests(
  deps: ChangeServiceDeps,
  options: { now?: boolean; only?: { planKey: string; customer: string } } = {},
): Promise<ChangeRequestRecord[]> {
  const { store, changes, clock } = deps;
  const out: ChangeRequestRecord[] = [];
  const rows = store.changeRequests.dueForCheck(
    options.now || options.only ? Date.UTC(9999, 11, 31) : clock.now(),
  );
  const only = options.only;
  for (const row of only
    ? rows.filter((r) => r.planKey === only.planKey && r.customer === only.customer)
    : rows) {
    try {
      const state = await changes.read(row.changeId!);
      const decided =
        state.approval === 'approved' || state.approval === 'rejected' || state.approval === 'cancelled';
      out.push(
        store.changeRequests.recordCheck(row.planKey, row.customer, {
          approval: state.approval,
          status: state.status,
          ...(decided ? {} : { nextCheckAt: nextChangeCheck(clock.now(), row.checks) }),
        }),
      );
    } catch (error) {
      out.push(
        store.changeRequests.recordCheck(row.planKey, row.customer, {
          error: toWarroomError(error).message,
          nextCheckAt: nextChangeCheck(clock.now(), row.checks),
        }),
      );
    }
  }
  return out;
}

/** Whether the window may start: its plan's change for its customer must be approved. */
export function windowChangeGate(
  store: Store,
  window: { jiraKey?: string; customer: string },
): ChangeGate & { change?: ChangeRequestRecord } {
  if (!window.jiraKey)
    return { gate: 'approved', reason: 'the window was not planned from a change request' };
  const change = store.changeRequests.get(window.jiraKey, window.customer);
  if (change?.state === 'creating')
    return { gate: 'pending', reason: 'the change request is being raised', change };
  return { ...decideChangeGate(change), ...(change ? { change } : {}) };
}

export function assertChangeApproved(
  store: Store,
  window: { id: string; jiraKey?: string; customer: string },
): void {
  const gate = windowChangeGate(store, window);
  if (gate.gate !== 'approved')
    throw new WarroomError('approval_rejected', `window ${window.id} cannot start: ${gate.reason}`);
}
