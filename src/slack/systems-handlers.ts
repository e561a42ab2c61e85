/**
 * The systems around a window in Slack: `/warroom plan KEY` (the plan posted in the ops channel with its
 * Confirm button), `/warroom changes` (what waits for CAB), and the customer mail's Send and Edit buttons
 * and its edit modal. Business rules stay behind the WindowSystemsService port: Confirm and Send are
 * idempotent there (a double click or a second bot creates and sends nothing twice); here people are
 * checked against the approver policy, answered in words, and the messages redrawn.
 */
import type { Logger } from '@slack/bolt';
import {
  isAllowedOperator,
  listPolicyGroups,
  type ApprovalPolicy,
  type AuditSink,
} from '../approvals/index.js';
import { WarroomError } from '../core/errors.js';
import type { Directory } from '../ports/audit.js';
import type { Clock } from '../ports/clock.js';
import type { Actor } from '../ports/warroom-service.js';
import type { WindowSystemsService } from '../ports/window-systems.js';
import { decodeMailValue, decodePlanValue } from './render/ids.js';
import type { SlackMessage } from './render/limits.js';
import {
  MAIL_EDIT_LIMIT,
  decodeMailEditTarget,
  renderMailEditModal,
  renderMailReview,
} from './render/mail.js';
import { renderChangeList, renderConfirmLines, renderPlanMessage } from './render/plan.js';
import type { WebClient } from './web-client.js';

export interface SystemsHandlerDeps {
  systems: WindowSystemsService;
  client: WebClient;
  policy: ApprovalPolicy;
  directory: Directory;
  /** The ops channel, where plans are posted. */
  channel: () => Promise<string>;
  audit: AuditSink;
  clock: Clock;
  logger: Logger;
}

/** Where a click came from: the message to redraw. */
export interface ClickPlace {
  channel?: string;
  messageTs?: string;
  triggerId?: string;
}

/** A modal submitted: who, what it holds, and where it came from. */
export interface ViewSubmission {
  userId: string;
  userName?: string;
  privateMetadata: string;
  values: Record<string, string | undefined>;
}

/** What the view listener answers: nothing (the modal closes) or errors shown under the fields. */
export type ViewAnswer = { errors: Record<string, string> } | undefined;

export class SystemsHandlers {
  constructor(private readonly deps: SystemsHandlerDeps) {}

  /** `/warroom plan KEY`: the plan goes to the ops channel for everyone to review; the answer says where. */
  async plan(key: string): Promise<string> {
    const view = await this.deps.systems.plan(key.toUpperCase());
    const channel = await this.deps.channel();
    await this.deps.client.chat.postMessage({ channel, ...renderPlanMessage(view) });
    const hosts = view.plan.customers.reduce((n, c) => n + c.hosts.length, 0);
    return `Plan of \`${view.plan.key}\` posted in <#${channel}>: ${hosts} host(s) for ${view.plan.customers.length} customer(s). Review it there and Confirm.`;
  }

  async changes(all: boolean): Promise<SlackMessage> {
    return renderChangeList(await this.deps.systems.listChanges({ all }), all);
  }

  /**
   * Confirm on a plan: the windows and change requests of the customers this person may act for, once;
   * the others wait for someone who may. The message shows what came of it (and Confirm while any is left).
   */
  async confirmPlan(value: string, actor: Actor, place: ClickPlace): Promise<string> {
    const target = decodePlanValue(value);
    if (!target)
      throw new WarroomError(
        'validation_failed',
        'this Confirm button carries no plan; ask for the plan again',
      );
    const view = await this.deps.systems.plan(target.key);
    const allowed: string[] = [];
    const refused: string[] = [];
    for (const c of view.plan.customers)
      ((await this.may(c.customer, actor)) ? allowed : refused).push(c.customer);
    if (!allowed.length) {
      this.refuse(actor, 'confirm plans');
      throw new WarroomError('not_authorised', `you may not confirm plans for ${refused.join(', ')}`);
    }
    const result = await this.deps.systems.confirmPlan(target.key, target.hash, actor, allowed);
    const after = await this.deps.systems.plan(target.key);
    if (place.channel && place.messageTs)
      await this.deps.client.chat.update({
        channel: place.channel,
        ts: place.messageTs,
        ...renderPlanMessage(after, { result, by: actor.id }),
      });
    const fresh = result.created.length + result.changes.filter((c) => c.action === 'created').length;
    const left = refused.length
      ? ` Not confirmed by you (you may not act for ${refused.join(', ')}): someone who may can Confirm the rest.`
      : '';
    return fresh
      ? `Confirmed for ${allowed.join(', ')}: ${renderConfirmLines(result).join(' ')}${left}`
      : `Nothing new: the plan of ${target.key} was confirmed already for ${allowed.join(', ')}; nothing was created twice.${left}`;
  }

  /** Send on a mail: sent once; a second click is told so and sends nothing. */
  async sendMail(value: string, actor: Actor, place: ClickPlace): Promise<string> {
    const { windowId, kind } = this.mailTarget(value);
    await this.authorise(await this.deps.systems.customerOf(windowId), actor, 'send customer mail');
    const { outcome, mail } = await this.deps.systems.sendMail(windowId, kind, actor);
    // Only the click that sent it redraws the message: it knows who sent it.
    if (outcome === 'sent' && place.channel && place.messageTs)
      await this.deps.client.chat.update({
        channel: place.channel,
        ts: place.messageTs,
        ...renderMailReview(mail, { by: actor.id }),
      });
    return outcome === 'sent'
      ? `Sent to ${mail.to.join(', ')} (message ${mail.messageId ?? '?'}).`
      : outcome === 'already_sent'
        ? `This mail was sent already (message ${mail.messageId ?? '?'}); nothing was sent again.`
        : 'Someone is sending this mail right now; it goes out once.';
  }

  /** Edit on a mail: opens the modal filled with the draft. Undefined when it opened; else words why not. */
  async editMail(value: string, actor: Actor, place: ClickPlace): Promise<string | undefined> {
    const { windowId, kind } = this.mailTarget(value);
    await this.authorise(await this.deps.systems.customerOf(windowId), actor, 'edit customer mail');
    const mail = await this.deps.systems.mail(windowId, kind);
    if (mail.state === 'sent' || mail.state === 'sending')
      return `This mail has been sent already (message ${mail.messageId ?? '?'}); a sent mail cannot be edited.`;
    if (mail.text.trimEnd().length > MAIL_EDIT_LIMIT)
      return `This mail is longer than Slack's editor holds (${MAIL_EDIT_LIMIT} characters): edit the draft in the mailbox.`;
    if (!place.triggerId)
      throw new WarroomError('validation_failed', 'this click carries no trigger id to open a modal with');
    await this.deps.client.views.open({
      trigger_id: place.triggerId,
      view: renderMailEditModal(mail, {
        windowId,
        kind,
        ...(place.channel ? { channel: place.channel } : {}),
        ...(place.messageTs ? { ts: place.messageTs } : {}),
      }),
    });
    return undefined;
  }

  /**
   * The edit modal submitted, checked at once (Slack wants its answer within three seconds): errors go
   * under the fields and the modal stays open; else it closes and `save` does the work.
   */
  checkMailEdit(submission: ViewSubmission): ViewAnswer {
    if (!decodeMailEditTarget(submission.privateMetadata))
      return { errors: { body: 'This form is from an older version of warroom; open it again.' } };
    const subject = submission.values.subject ?? '';
    const text = submission.values.body ?? '';
    if (!subject.trim()) return { errors: { subject: 'A mail needs a subject.' } };
    if (!text.trim()) return { errors: { body: 'A mail needs a text.' } };
    if (text.length > MAIL_EDIT_LIMIT)
      return { errors: { body: `At most ${MAIL_EDIT_LIMIT} characters (this has ${text.length}).` } };
    return undefined;
  }

  /** Saves a checked edit: the draft replaced, the review message redrawn. Throws what went wrong. */
  async saveMailEdit(submission: ViewSubmission): Promise<void> {
    const target = decodeMailEditTarget(submission.privateMetadata);
    if (!target) throw new WarroomError('validation_failed', 'the edit form carries no mail');
    const actor: Actor = {
      id: submission.userId,
      via: 'slack',
      ...(submission.userName ? { name: submission.userName } : {}),
    };
    await this.authorise(await this.deps.systems.customerOf(target.windowId), actor, 'edit customer mail');
    const mail = await this.deps.systems.editMail(
      target.windowId,
      target.kind,
      { subject: submission.values.subject ?? '', text: submission.values.body ?? '' },
      actor,
    );
    if (target.channel && target.ts)
      await this.deps.client.chat.update({
        channel: target.channel,
        ts: target.ts,
        ...renderMailReview(mail, { note: `Edited by ${submission.userName ?? submission.userId}.` }),
      });
  }

  /** Where to tell the person who submitted a form that saving it failed. */
  editChannel(submission: ViewSubmission): string | undefined {
    return decodeMailEditTarget(submission.privateMetadata)?.channel;
  }

  private mailTarget(value: string): { windowId: string; kind: 'pre_window' | 'results' } {
    const target = decodeMailValue(value);
    if (!target)
      throw new WarroomError(
        'validation_failed',
        'this button carries no mail; it may be from an older version',
      );
    return target;
  }

  private async may(customer: string, actor: Actor): Promise<boolean> {
    const groups = await this.deps.directory.groupsOf(actor.id, listPolicyGroups(this.deps.policy));
    return isAllowedOperator(this.deps.policy, customer, { id: actor.id, groups });
  }

  /** Throws not_authorised (recorded) unless the policy lets this person act for the customer. */
  private async authorise(customer: string, actor: Actor, what: string): Promise<void> {
    if (await this.may(customer, actor)) return;
    this.refuse(actor, what);
    throw new WarroomError('not_authorised', `you may not ${what} for ${customer}`);
  }

  private refuse(actor: Actor, what: string): void {
    this.deps.audit.append({
      actor: actor.id,
      via: 'slack',
      action: what.replace(/ /g, '_'),
      outcome: 'refused',
      reason: 'not on the approver list',
      at: this.deps.clock.now(),
    });
  }
}
