/**
 * The systems around a window for the chat front ends (the WindowSystemsService port): the plan of a Jira
 * change request and its confirmation, what waits for CAB, and the customer mails people review, edit and
 * send. Every effect is idempotent where people can repeat it (a double click, two bots): confirming
 * creates each window and change once, a mail goes out once. Each action is audited with who did it.
 */
import { WarroomError } from '../core/errors.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import {
  decideChangeGate,
  pollChangeRequests,
  raiseChangeRequests,
  type WindowSystems,
} from '../integrations/index.js';
import { confirmPlan, planAdvisory, type AdvisoryPlan } from '../planning/index.js';
import type { AuditSink } from '../ports/audit.js';
import type { ChangeRequests } from '../ports/change-requests.js';
import type { Clock } from '../ports/clock.js';
import type { IssueTracker } from '../ports/tickets.js';
import type { Actor } from '../ports/warroom-service.js';
import type {
  ChangeView,
  ConfirmView,
  CustomerMailKind,
  MailSendResult,
  MailView,
  PlanView,
  WindowSystemsService,
} from '../ports/window-systems.js';
import type { MaintenanceWindow } from '../scheduler/index.js';
import { canonicalJson, sha256Hex, type CustomerMailRecord, type Store } from '../store/index.js';
import { existingWindowsOf, toSystemsWindow } from './systems-window.js';

/** An edited mail longer than this is refused (Slack's text input holds 3000; the API may send more). */
export const MAX_MAIL_TEXT = 20_000;
const MAX_SUBJECT = 250;

export interface SystemsServiceOptions {
  systems: WindowSystems;
  store: Store;
  inventory: Inventory;
  catalogue: readonly CatalogueImage[];
  clock: Clock;
  loadWindows: () => Promise<MaintenanceWindow[]>;
  audit: AuditSink;
  tracker?: IssueTracker;
  jiraFields?: { affectedVersions: string; fixedVersion: string; tag?: string; advisory?: string };
  changes?: ChangeRequests;
  /** Systems answered by local samples. */
  samples?: readonly string[];
}

/** What confirming a plan creates, in a canonical form: its hash is what the Confirm button carries. */
function hashPlan(plan: AdvisoryPlan): string {
  const content = {
    key: plan.key,
    target: plan.targetVersion ?? null,
    customers: plan.customers.map((c) => ({
      customer: c.customer,
      // Not the window's status: a plan confirmed a moment ago is the same plan (a double click).
      windows: c.windows
        .map((w) => [w.id, w.start, w.end, w.procedure, [...w.hosts].sort()] as const)
        .sort((a, b) => a[0].localeCompare(b[0])),
      hosts: c.hosts
        .map((h) => [h.host, h.method, h.currentVersion, h.targetVersion, h.windowId] as const)
        .sort((a, b) => a[0].localeCompare(b[0])),
    })),
  };
  return sha256Hex(canonicalJson(content)).slice(0, 12);
}

function mailView(record: CustomerMailRecord): MailView {
  return {
    windowId: record.windowId,
    kind: record.kind,
    customer: record.customer,
    to: record.recipients,
    subject: record.subject,
    text: record.body ?? '',
    state: record.state,
    system: record.system,
    ...(record.draftId ? { draftId: record.draftId } : {}),
    ...(record.messageId ? { messageId: record.messageId } : {}),
    ...(record.sentAt !== undefined ? { sentAt: record.sentAt } : {}),
    ...(record.lastError ? { lastError: record.lastError } : {}),
  };
}

export class SystemsService implements WindowSystemsService {
  /** The last confirmation of each key in flight: the next one waits for it. */
  private readonly confirming = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SystemsServiceOptions) {}

  async plan(key: string): Promise<PlanView> {
    const { tracker, jiraFields } = this.options;
    if (!tracker || !jiraFields)
      throw new WarroomError('config_invalid', 'planning needs Jira: it is not configured', {
        detail: 'Set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN (README, "Jira Cloud").',
      });
    if (!/^[A-Z][A-Z0-9_]*-\d{1,9}$/.test(key))
      throw new WarroomError('usage', `\`${key.slice(0, 40)}\` is not a Jira issue key such as SEC-4821`);
    const plan = planAdvisory({
      issue: await tracker.readIssue(key),
      fields: jiraFields,
      inventory: this.options.inventory,
      catalogue: this.options.catalogue,
      existingWindows: existingWindowsOf(await this.options.loadWindows(), this.options.inventory),
      now: this.options.clock.now(),
    });
    return { plan, hash: hashPlan(plan), samples: this.options.samples ?? [] };
  }

  confirmPlan(key: string, hash: string, actor: Actor, customers?: readonly string[]): Promise<ConfirmView> {
    // One confirmation of a key at a time in this process (another bot is kept out by the store's claims).
    const previous = this.confirming.get(key) ?? Promise.resolve(undefined);
    const work = previous.catch(() => undefined).then(() => this.confirmNow(key, hash, actor, customers));
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    void settled.finally(() => {
      if (this.confirming.get(key) === settled) this.confirming.delete(key);
    });
    this.confirming.set(key, settled);
    return work;
  }

  private async confirmNow(
    key: string,
    hash: string,
    actor: Actor,
    customers: readonly string[] | undefined,
  ): Promise<ConfirmView> {
    const { plan: full, hash: now } = await this.plan(key);
    if (now !== hash)
      throw new WarroomError('usage', `the plan of ${key} changed since it was shown; nothing was created`, {
        detail: `Ask for it again (/warroom plan ${key}) and confirm what it shows now.`,
      });
    const plan: AdvisoryPlan = customers
      ? { ...full, customers: full.customers.filter((c) => customers.includes(c.customer)) }
      : full;
    const { store, inventory, changes, clock } = this.options;
    const outcome = confirmPlan(store, plan, (c) => inventory.customers[c]?.contacts[0]?.name);
    const raised = changes
      ? await raiseChangeRequests({ store, changes, clock }, plan, inventory.customers)
      : { outcomes: [], failures: [] };
    const view: ConfirmView = {
      key,
      customers: plan.customers.map((c) => c.customer),
      created: outcome.created,
      kept: outcome.kept,
      skipped: outcome.skipped,
      changes: raised.outcomes.map((o) => ({
        customer: o.customer,
        action: o.action,
        ...(o.record?.displayId ? { displayId: o.record.displayId } : {}),
        ...(o.record?.url ? { url: o.record.url } : {}),
      })),
      failures: [
        ...raised.failures.map((f) => ({
          customer: f.customer,
          message: `[${f.error.code}] ${f.error.message}`,
        })),
        ...(changes
          ? []
          : [{ customer: '*', message: 'no change system is configured: no change was raised' }]),
      ],
    };
    this.audit(actor, 'plan_confirm', {
      outcome: `${view.created.length} created, ${view.kept.length} kept, ${view.changes.length} changes, ${view.failures.length} failed`,
      shown: { key, hash },
    });
    return view;
  }

  async listChanges(options: { all?: boolean } = {}): Promise<readonly ChangeView[]> {
    const { store, changes, clock } = this.options;
    if (changes) await pollChangeRequests({ store, changes, clock }, { now: true });
    const windows = await this.options.loadWindows();
    return store.changeRequests
      .list()
      .map((c): ChangeView => {
        const gate = decideChangeGate(c.state === 'created' ? c : undefined);
        return {
          planKey: c.planKey,
          customer: c.customer,
          ...(c.displayId ? { displayId: c.displayId } : {}),
          ...(c.url ? { url: c.url } : {}),
          gate: gate.gate,
          reason: gate.reason,
          windows: windows.filter((w) => w.jira === c.planKey && w.customer === c.customer).map((w) => w.id),
          ...(c.lastError ? { lastError: c.lastError } : {}),
        };
      })
      .filter((c) => options.all || c.gate === 'pending');
  }

  async customerOf(windowId: string): Promise<string> {
    return (await this.window(windowId)).customer;
  }

  async mail(windowId: string, kind: CustomerMailKind): Promise<MailView> {
    return Promise.resolve(mailView(this.record(windowId, kind)));
  }

  async sendMail(windowId: string, kind: CustomerMailKind, actor: Actor): Promise<MailSendResult> {
    this.record(windowId, kind);
    const sent = await this.options.systems.sendMail(windowId, kind);
    this.audit(actor, 'mail_send', {
      windowId,
      outcome: sent.action,
      shown: {
        kind,
        to: sent.record.recipients,
        subject: sent.record.subject,
        messageId: sent.record.messageId,
      },
    });
    return { outcome: sent.action, mail: mailView(sent.record) };
  }

  async editMail(
    windowId: string,
    kind: CustomerMailKind,
    edit: { subject: string; text: string },
    actor: Actor,
  ): Promise<MailView> {
    const subject = edit.subject.trim();
    const text = edit.text.trim();
    if (!subject || subject.length > MAX_SUBJECT)
      throw new WarroomError('validation_failed', `the subject must be 1 to ${MAX_SUBJECT} characters`);
    if (!text || text.length > MAX_MAIL_TEXT)
      throw new WarroomError(
        'validation_failed',
        `the mail text must be 1 to ${MAX_MAIL_TEXT} characters (it has ${text.length})`,
      );
    this.record(windowId, kind);
    const window = toSystemsWindow(await this.window(windowId), this.options.inventory, this.options.store);
    const edited = await this.options.systems.editMail(window, kind, { subject, text });
    this.audit(actor, 'mail_edit', { windowId, outcome: edited.outcome, shown: { kind, subject } });
    return mailView(edited.record);
  }

  private record(windowId: string, kind: CustomerMailKind): CustomerMailRecord {
    const record = this.options.systems.mail(windowId, kind);
    if (!record)
      throw new WarroomError(
        'not_found',
        `no ${kind === 'pre_window' ? 'pre-window' : 'results'} mail for window ${windowId}`,
        { detail: 'The pre-window mail is drafted at T-24h.' },
      );
    return record;
  }

  private async window(id: string): Promise<MaintenanceWindow> {
    const window = (await this.options.loadWindows()).find((w) => w.id === id);
    if (!window) throw new WarroomError('not_found', `no window ${id}`);
    return window;
  }

  private audit(
    actor: Actor,
    action: string,
    fields: { windowId?: string; outcome: string; shown?: unknown },
  ): void {
    this.options.audit.append({
      actor: actor.id,
      ...(actor.name ? { actorName: actor.name } : {}),
      via: actor.via === 'scheduler' ? 'system' : actor.via,
      action,
      ...fields,
    });
  }
}
