import type {
  ApprovalDecision,
  ApprovalRequest,
  HostOutcome,
  NotifyMessage,
  Operator,
  ProgressUpdate,
} from '../ports/operator.js';
import type { Clock } from '../ports/clock.js';
import { redact } from '../core/redact.js';
import type { CliIo } from './command.js';

export interface TerminalOperatorOptions {
  io: CliIo;
  clock: Clock;
  /** `--yes`: every gate is approved by `auto` for an unattended run (non-negotiable checks still stop hosts). */
  approveAll: boolean;
  /** Who is at the terminal, recorded as the approver. */
  user: string;
}

/**
 * The operator at a terminal. Approvals are asked one at a time (hosts may run in parallel, so questions
 * queue); the two-person rule is honoured by asking for a second, different name.
 */
export function createTerminalOperator(options: TerminalOperatorOptions): Operator {
  const { io, clock } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const decided = new Map<string, Promise<ApprovalDecision>>();

  const ask = async (request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> => {
    if (options.approveAll) {
      const approvers = Array.from({ length: request.approversRequired }, (_, i) => ({
        id: i === 0 ? 'auto' : `auto-${i + 1}`,
        via: 'auto' as const,
      }));
      io.stdout(`[${request.host}] ${request.title}: approved (--yes)\n`);
      return { approved: true, approvers, decidedAt: clock.now() };
    }
    io.stdout(renderApprovalRequest(request));
    const verb =
      request.kind === 'manual'
        ? 'Done'
        : request.kind === 'on_fail'
          ? 'Roll back'
          : request.kind === 'resume'
            ? 'Run again'
            : 'Approve';
    const answer = (await io.readLine(`${verb}: ${request.step} on ${request.host}? [y/N] `, signal))
      ?.trim()
      .toLowerCase();
    if (signal?.aborted) return interrupted();
    if (answer !== 'y' && answer !== 'yes') {
      // End of input (a closed stdin, a pipe, a service with no terminal) is nobody answering: refused.
      return {
        approved: false,
        approvers: [{ id: options.user, via: 'terminal' }],
        reason:
          answer === undefined ? 'no operator: end of input at the terminal' : 'rejected at the terminal',
        decidedAt: clock.now(),
      };
    }
    const approvers = [{ id: options.user, via: 'terminal' as const }];
    while (approvers.length < request.approversRequired) {
      const second = (
        await io.readLine(
          `Two-person rule: second approver's name (not ${approvers.map((a) => a.id).join(', ')}): `,
          signal,
        )
      )?.trim();
      if (signal?.aborted) return interrupted();
      if (!second)
        return { approved: false, approvers, reason: 'second approver missing', decidedAt: clock.now() };
      if (approvers.some((a) => a.id === second) || second === request.requestedBy) {
        io.stdout('  the second approver must be a different person\n');
        continue;
      }
      approvers.push({ id: second, via: 'terminal' });
    }
    return { approved: true, approvers, decidedAt: clock.now() };
  };

  // Not a decision: the run stopped (or an operator request woke the host) while the question was open.
  const interrupted = (): ApprovalDecision => ({
    approved: false,
    approvers: [],
    reason: 'interrupted',
    decidedAt: clock.now(),
  });

  return {
    requestApproval(request, signal) {
      const existing = decided.get(request.key);
      if (existing) return existing;
      const decision = queue.then(() => (signal?.aborted ? interrupted() : ask(request, signal)));
      queue = decision.catch(() => undefined);
      decided.set(request.key, decision);
      // An interrupted question is asked again when the host comes back to it.
      void decision.then((d) => {
        if (signal?.aborted && d.approvers.length === 0) decided.delete(request.key);
      });
      return decision;
    },
    progress(update: ProgressUpdate) {
      if (update.state === 'pending') return;
      const took = update.durationMs !== undefined ? ` (${(update.durationMs / 1000).toFixed(1)}s)` : '';
      io.stdout(
        redact(
          `[${update.host}] ${update.step}: ${update.state}${took}${update.message ? ` - ${update.message}` : ''}\n`,
        ),
      );
    },
    notify(message: NotifyMessage) {
      io.stdout(
        redact(
          `[${message.host ?? message.windowId}] notify${message.channel ? ` ${message.channel}` : ''}: ${message.text}\n`,
        ),
      );
    },
    hostFinished(outcome: HostOutcome) {
      io.stdout(
        redact(
          `[${outcome.host}] finished: ${outcome.status}${outcome.reason ? ` - ${outcome.reason}` : ''}\n`,
        ),
      );
    },
  };
}

export function renderApprovalRequest(request: ApprovalRequest): string {
  const lines = [
    '',
    `=== approval needed: ${request.host} (${request.customer}), step ${request.step}, risk ${request.risk} ===`,
    request.title,
  ];
  if (request.details) lines.push(request.details);
  if (request.commands.length) lines.push('commands:', ...request.commands.map((c) => `  ${c}`));
  if (request.rollback.length) lines.push('rollback:', ...request.rollback.map((c) => `  ${c}`));
  if (request.approversRequired > 1) lines.push(`needs ${request.approversRequired} distinct approvers`);
  return redact(lines.join('\n') + '\n');
}
