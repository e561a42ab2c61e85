/**
 * The systems around one window, as its schedule needs them: at T-24h the customer's pre-window mail is
 * drafted (once: a draft a person edited is never overwritten), a person sends it (once); at T-0 the
 * window's change request is read fresh and says whether the window may start; at the window's end the
 * results mail and the CMDB updates come from the same run record, so they always agree, and the CMDB
 * queue is drained (what does not land waits in SQLite for the next drain).
 */
import { WarroomError } from '../core/errors.js';
import type { Customer, Inventory, InventoryHost } from '../inventory/schema.js';
import { normaliseVersion, platformProfile } from '../inventory/platforms.js';
import { expectedOutage, methodOfProcedure } from '../planning/index.js';
import type { ChangeRequests } from '../ports/change-requests.js';
import type { Clock } from '../ports/clock.js';
import type { CmdbUpdater } from '../ports/cmdb.js';
import type { Mailer } from '../ports/mailer.js';
import type { ChangeRequestRecord, CustomerMailRecord, MailKind, Store } from '../store/index.js';
import { drainCmdbQueue, queueCmdbUpdates, type CmdbDecision, type DrainResult } from './cmdb-queue.js';
import { decideChangeGate, pollChangeRequests, type ChangeGate } from './freshservice/index.js';
import {
  composeEditedMail,
  composeNotCarriedOutMail,
  composePreWindowMail,
  composeResultsMail,
  draftMail,
  sendDraftOnce,
  type DraftOutcome,
  type MailHost,
  type MailWindow,
  type SendOutcome,
} from './gmail/index.js';
import { hostOutcomes, type HostOutcome, type ReportLike } from './run-outcome.js';

/** A window as the systems need it (a windows-file window and a planned one both map onto it). */
export interface SystemsWindow {
  id: string;
  customer: string;
  /** Epoch ms. */
  start: number;
  end: number;
  timezone: string;
  hosts: readonly string[];
  procedure: string;
  target?: string;
  /** The Jira change request it was planned from: its change in the store is the window's gate. */
  jiraKey?: string;
  /** The change id the windows file names (shown when the store tracks none). */
  changeRequest?: string;
  /** True when the planner stored it (`warroom plan --confirm`): it cannot start without its change. */
  planned?: boolean;
}

export interface WindowSystemsDeps {
  store: Store;
  inventory: Inventory;
  clock: Clock;
  mailer: Mailer;
  /** The From address of customer mail. */
  sender: string;
  /** The change system; absent when none is configured (then only the store's records gate windows). */
  changes?: ChangeRequests;
  /** The CMDBs that record new versions (NetBox, ConnectWise, the inventory file), where configured. */
  cmdb: readonly CmdbUpdater[];
  /** Who signs the mails. */
  team?: string;
}

export interface MailDraft {
  outcome: DraftOutcome['action'];
  record: CustomerMailRecord;
}

export type WindowGate = ChangeGate & { change?: ChangeRequestRecord };

export interface CloseOutcome {
  /** Undefined when the window never ran and its customer was never told of it (no mail to send). */
  mail?: SendOutcome;
  outcomes: HostOutcome[];
  cmdb: { host: string; decision: CmdbDecision }[];
  drain: DrainResult;
}

export class WindowSystems {
  constructor(private readonly deps: WindowSystemsDeps) {}

  get mailSystem(): string {
    return this.deps.mailer.system;
  }

  /** Which CMDBs get the new versions. */
  get cmdbSystems(): string[] {
    return this.deps.cmdb.map((u) => u.system);
  }

  /**
   * T-24h: the pre-window mail as a draft at the mail service. Once a draft exists it is left as it is
   * (a trigger fired again must not overwrite what a person edited); a sent one is never touched.
   */
  async draftPreWindowMail(window: SystemsWindow): Promise<MailDraft> {
    const existing = this.deps.store.customerMails.get(window.id, 'pre_window');
    if (existing?.draftId || existing?.state === 'sent' || existing?.state === 'sending')
      return { outcome: existing.state === 'drafted' ? 'unchanged' : 'already_sent', record: existing };
    const customer = this.customer(window);
    const mail = composePreWindowMail(
      customer,
      this.mailWindow(window),
      this.mailHosts(window),
      this.deps.team,
    );
    const { action, record } = await draftMail(this.mailDeps(), {
      windowId: window.id,
      kind: 'pre_window',
      customer: window.customer,
      mail,
    });
    return { outcome: action, record };
  }

  /** A person's edit of a draft: the draft is replaced (at the mail service too); a sent mail is refused. */
  async editMail(
    window: SystemsWindow,
    kind: MailKind,
    edit: { subject: string; text: string },
  ): Promise<MailDraft> {
    const record = this.deps.store.customerMails.get(window.id, kind);
    if (!record)
      throw new WarroomError('not_found', `no ${describeKind(kind)} mail drafted for ${window.id}`);
    if (record.state === 'sent' || record.state === 'sending')
      throw new WarroomError(
        'usage',
        `the ${describeKind(kind)} mail of ${window.id} has been sent already`,
        {
          detail: 'A sent mail cannot be edited.',
        },
      );
    const mail = composeEditedMail(record.recipients, edit.subject, edit.text);
    const { action, record: after } = await draftMail(this.mailDeps(), {
      windowId: window.id,
      kind,
      customer: window.customer,
      mail,
    });
    return { outcome: action, record: after };
  }

  /** Sends the window's drafted mail once: a second call (a double click, another bot) sends nothing. */
  sendMail(windowId: string, kind: MailKind): Promise<SendOutcome> {
    return sendDraftOnce(this.mailDeps(), windowId, kind);
  }

  mail(windowId: string, kind: MailKind): CustomerMailRecord | undefined {
    return this.deps.store.customerMails.get(windowId, kind);
  }

  /**
   * T-0: whether the window may start, its change read fresh from the change system first. A window with
   * no change tracked starts, unless the planner made it (its change must exist and be approved).
   */
  async changeGate(window: SystemsWindow): Promise<WindowGate> {
    const { store, changes, clock } = this.deps;
    if (window.jiraKey && changes)
      await pollChangeRequests(
        { store, changes, clock },
        { only: { planKey: window.jiraKey, customer: window.customer } },
      );
    return this.storedGate(window);
  }

  /** The gate from what the store knows now, without asking the change system (`/warroom windows`). */
  storedGate(window: SystemsWindow): WindowGate {
    const key = window.jiraKey;
    if (!key) return { gate: 'approved', reason: 'the window was not planned from a change request' };
    const change = this.deps.store.changeRequests.get(key, window.customer);
    if (!change && !window.planned)
      return {
        gate: 'approved',
        reason: `no change request of ${key} is tracked for ${window.customer} (warroom plan ${key} --confirm raises one)`,
      };
    if (change?.state === 'creating')
      return { gate: 'pending', reason: `the change request of ${key} is being raised`, change };
    if (!change)
      return {
        gate: 'pending',
        reason: `no change request has been raised for ${key} (warroom plan ${key} --confirm, or Confirm on /warroom plan ${key})`,
      };
    const gate = decideChangeGate(change);
    const failed =
      change.lastError && gate.gate === 'pending' ? `; the last read failed: ${change.lastError}` : '';
    return { ...gate, reason: `${gate.reason}${failed}`, change };
  }

  /**
   * The window's end: the results mail (drafted and sent once) and the CMDB updates of its verified hosts
   * (queued once per system, host and version), both from the run's report; then a drain of the queue.
   */
  async closeWindow(window: SystemsWindow, report: ReportLike | undefined): Promise<CloseOutcome> {
    const outcomes = report ? hostOutcomes(report) : [];
    const queued = queueCmdbUpdates(this.deps.store, outcomes, this.cmdbSystems);
    // The CMDB first: a mail service that is down must not keep a landed version from being recorded.
    const drain = await this.drainCmdb();
    let mail: SendOutcome | undefined;
    // A window that never ran gets a results mail only if its customer was told it would happen.
    const announced = this.deps.store.customerMails.get(window.id, 'pre_window')?.state === 'sent';
    if (report || announced) {
      const composed = report
        ? composeResultsMail(this.customer(window), this.mailWindow(window), outcomes, this.deps.team)
        : composeNotCarriedOutMail(this.customer(window), this.mailWindow(window), this.deps.team);
      const existing = this.deps.store.customerMails.get(window.id, 'results');
      if (!existing?.draftId && existing?.state !== 'sent')
        await draftMail(this.mailDeps(), {
          windowId: window.id,
          kind: 'results',
          customer: window.customer,
          mail: composed,
        });
      mail = await this.sendMail(window.id, 'results');
    }
    return {
      ...(mail ? { mail } : {}),
      outcomes,
      cmdb: queued.map(({ host, decision }) => ({ host, decision })),
      drain,
    };
  }

  /** Sends every CMDB update that is due; what fails with a retryable error waits for its next attempt. */
  drainCmdb(): Promise<DrainResult> {
    const { store, clock, cmdb } = this.deps;
    return drainCmdbQueue({ store, updaters: cmdb, clock });
  }

  private mailDeps() {
    const { store, mailer, clock, sender } = this.deps;
    return { store, mailer, clock, sender };
  }

  private customer(window: SystemsWindow): Customer {
    const customer = this.deps.inventory.customers[window.customer];
    if (!customer)
      throw new WarroomError(
        'validation_failed',
        `window ${window.id}: no customer ${window.customer} in the inventory`,
      );
    return customer;
  }

  private mailWindow(window: SystemsWindow): MailWindow {
    const tracked = window.jiraKey
      ? this.deps.store.changeRequests.get(window.jiraKey, window.customer)?.displayId
      : undefined;
    const change = tracked ?? window.changeRequest;
    return {
      id: window.id,
      start: window.start,
      end: window.end,
      timezone: window.timezone,
      ...(change ? { changeRequest: change } : {}),
    };
  }

  private mailHosts(window: SystemsWindow): MailHost[] {
    const method = methodOfProcedure(window.procedure);
    return window.hosts
      .map((name) => this.deps.inventory.hosts.find((h) => h.name === name))
      .filter((h): h is InventoryHost => h !== undefined)
      .map((h) => {
        const profile = platformProfile(h.model);
        return {
          host: h.name,
          siteName: this.deps.inventory.sites[h.site]?.name ?? h.site,
          platform: profile?.series ?? h.model,
          currentVersion: normaliseVersion(h.version),
          targetVersion: window.target ? normaliseVersion(window.target) : 'the new release',
          outage: profile ? expectedOutage(h, profile, method).text : 'a few minutes',
        };
      });
  }
}

function describeKind(kind: MailKind): string {
  return kind === 'pre_window' ? 'pre-window' : 'results';
}
