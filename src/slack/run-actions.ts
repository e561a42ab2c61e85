/**
 * What Run, Abort and Roll back do, from a slash command or a button alike: the person is checked against
 * the approval policy for the window's customer (a refusal is recorded), the service acts, the audit trail
 * and the war-room thread say so. A second start of a window while one is pending joins it.
 */
import {
  isAllowedOperator,
  listPolicyGroups,
  type ApprovalPolicy,
  type AuditEntry,
  type Directory,
} from '../approvals/index.js';
import { WarroomError } from '../core/errors.js';
import type { Actor, RunHandle, WarroomService } from '../ports/warroom-service.js';
import { renderHostAction, renderRunStarted } from './render/replies.js';
import type { WarRoom } from './war-room.js';

export interface RunActionDeps {
  service: WarroomService;
  warRoom: WarRoom;
  directory: Directory;
  policy: ApprovalPolicy;
  audit: (entry: Omit<AuditEntry, 'via' | 'at'>) => void;
}

export class RunActions {
  /** Run starts in flight per window: a second start while one is pending joins it. */
  private readonly starting = new Map<string, Promise<RunHandle>>();

  constructor(private readonly deps: RunActionDeps) {}

  async startRun(
    windowId: string,
    actor: Actor,
    place: { channel?: string; messageTs?: string },
  ): Promise<string> {
    const detail = await this.deps.service.getWindow(windowId);
    await this.authorise(detail.customer, actor, 'run', { windowId, ...place });
    const pending = this.starting.get(windowId);
    let run: RunHandle;
    if (pending) run = { ...(await pending), alreadyRunning: true };
    else {
      const start = this.deps.service.startRun(windowId, actor);
      this.starting.set(windowId, start);
      try {
        run = await start;
      } finally {
        this.starting.delete(windowId);
      }
    }
    this.deps.audit({
      action: 'run',
      actor: actor.id,
      windowId,
      runId: run.runId,
      outcome: run.alreadyRunning ? 'already_running' : 'started',
      ...place,
    });
    const room = this.deps.warRoom;
    await room.ensure(windowId);
    if (!run.alreadyRunning) room.reply(windowId, renderRunStarted(run, actor.id));
    room.refreshWindow(windowId);
    return run.alreadyRunning
      ? `Run \`${run.runId}\` of \`${windowId}\` is already going; nothing new was started.`
      : `Run \`${run.runId}\` of \`${windowId}\` started; follow it in the war-room thread.`;
  }

  async hostAction(
    verb: 'abort' | 'rollback',
    windowId: string,
    host: string,
    actor: Actor,
    place: { channel?: string; messageTs?: string },
  ): Promise<string> {
    const customer =
      this.deps.warRoom.detail(windowId)?.customer ?? (await this.deps.service.getWindow(windowId)).customer;
    await this.authorise(customer, actor, verb, { windowId, host, ...place });
    this.deps.audit({ action: verb, actor: actor.id, windowId, host, outcome: 'requested', ...place });
    const result =
      verb === 'abort'
        ? await this.deps.service.abortHost(host, actor)
        : await this.deps.service.rollbackHost(host, actor);
    this.deps.audit({
      action: verb,
      actor: actor.id,
      windowId,
      host,
      runId: result.runId,
      outcome: result.accepted ? 'accepted' : 'no_change',
      ...place,
    });
    if (result.accepted) this.deps.warRoom.reply(windowId, renderHostAction(verb, result, actor.id));
    return result.message;
  }

  async hostWindow(host: string): Promise<{ windowId: string }> {
    const report = await this.deps.service.status(host);
    if (report.kind !== 'host')
      throw new WarroomError('usage', `\`${host}\` is a window, not a host: name one host`);
    return { windowId: report.host.windowId };
  }

  /** Throws not_authorised (recorded) unless the policy lets this person act for the customer. */
  private async authorise(
    customer: string,
    actor: Actor,
    action: string,
    where: Partial<AuditEntry>,
  ): Promise<void> {
    const groups = await this.deps.directory.groupsOf(actor.id, listPolicyGroups(this.deps.policy));
    if (isAllowedOperator(this.deps.policy, customer, { id: actor.id, groups })) return;
    this.deps.audit({
      action,
      actor: actor.id,
      outcome: 'refused',
      reason: 'not on the approver list',
      ...where,
    });
    throw new WarroomError(
      'not_authorised',
      `you may not ${action === 'run' ? 'start runs' : action} for ${customer}`,
    );
  }
}
