/**
 * The operator at a terminal. Its questions go through the same approval service as Slack's buttons: the
 * policy decides how many people must approve (the two-person risk levels), the deadline of an approval
 * step holds here too, an approval taken ahead for the same plan passes without asking, and one decision is
 * one audit row. Hosts may run in parallel, so questions queue and are asked one at a time.
 */
import { terminalPolicy, type ApprovalPolicy, type ApprovalService } from '../approvals/index.js';
import { redact } from '../core/redact.js';
import type { Clock } from '../ports/clock.js';
import type {
  ApprovalRequest,
  HostOutcome,
  NotifyMessage,
  Operator,
  ProgressUpdate,
  RiskLevel,
} from '../ports/operator.js';
import type { CliIo } from './command.js';
import { createPlainView, type OperatorView } from './live-view/live-board.js';

export interface TerminalOperatorOptions {
  io: CliIo;
  clock: Clock;
  /** `--yes`: every gate is approved by `auto` for an unattended run (non-negotiable checks still stop hosts). */
  approveAll: boolean;
  /** Who is at the terminal, recorded as the approver. */
  user: string;
  /** The approval service every operator shares (built with the terminal policy by the composition side). */
  approvals: ApprovalService;
  /** Where reports go: plain lines on `io` (default), or a live board (src/cli/live-view). */
  view?: OperatorView;
  /** `--log FILE`: every report's line, stamped, whatever the view shows. */
  log?: (line: string) => void;
}

/**
 * What the engine's setup takes for a person at this terminal: the operator, built once the engine has its
 * approval service, and the terminal's approval policy (the configured two-person risk levels).
 */
export function terminalOperatorSetup(
  options: Omit<TerminalOperatorOptions, 'approvals'> & { twoPersonRisks?: readonly RiskLevel[] },
): { operator: (parts: { approvals: ApprovalService }) => Operator; approvalPolicy: ApprovalPolicy } {
  const { twoPersonRisks, ...operatorOptions } = options;
  return {
    operator: ({ approvals }) => createTerminalOperator({ ...operatorOptions, approvals }),
    approvalPolicy: terminalPolicy(twoPersonRisks),
  };
}

export function createTerminalOperator(options: TerminalOperatorOptions): Operator {
  const { io, approvals } = options;
  const view = options.view ?? createPlainView(io, options.clock);
  const report = (line: string): string => {
    const text = redact(line);
    options.log?.(text);
    return text;
  };
  let queue: Promise<unknown> = Promise.resolve();

  /** Asks at the terminal until the gate is decided (by these answers, a deadline, or elsewhere). */
  const ask = async (request: ApprovalRequest, settled: AbortSignal): Promise<void> => {
    if (settled.aborted) return;
    const click = (userId: string, choice: 'approve' | 'reject', via: 'terminal' | 'auto', reason?: string) =>
      approvals.click(request.key, {
        userId,
        choice,
        via,
        ...(request.planHash ? { planHash: request.planHash } : {}),
        ...(reason ? { reason } : {}),
      });
    if (options.approveAll) {
      for (let i = 1; !settled.aborted && i <= 3; i++) {
        const outcome = await click(i === 1 ? 'auto' : `auto-${i}`, 'approve', 'auto');
        if (outcome.kind === 'decided' || outcome.kind === 'already_decided') break;
      }
      io.stdout(report(`[${request.host}] ${request.title}: approved (--yes)\n`));
      return;
    }
    const required = approvals.get(request.key)?.state.required ?? request.approversRequired;
    view.beforeQuestion();
    try {
      await askAtTerminal(request, required, settled, click);
    } finally {
      view.afterQuestion();
    }
  };

  const askAtTerminal = async (
    request: ApprovalRequest,
    required: number,
    settled: AbortSignal,
    click: (
      userId: string,
      choice: 'approve' | 'reject',
      via: 'terminal' | 'auto',
      reason?: string,
    ) => ReturnType<ApprovalService['click']>,
  ): Promise<void> => {
    io.stdout(renderApprovalRequest(request, required, options.clock.now()));
    const verb =
      request.kind === 'manual'
        ? 'Done'
        : request.kind === 'on_fail'
          ? 'Roll back'
          : request.kind === 'resume'
            ? 'Run again'
            : 'Approve';
    const answer = (await io.readLine(`${verb}: ${request.step} on ${request.host}? [y/N] `, settled))
      ?.trim()
      .toLowerCase();
    if (settled.aborted) return;
    if (answer !== 'y' && answer !== 'yes') {
      // End of input (a closed stdin, a pipe, a service with no terminal) is nobody answering: refused.
      await click(
        options.user,
        'reject',
        'terminal',
        answer === undefined ? 'no operator: end of input at the terminal' : 'rejected at the terminal',
      );
      return;
    }
    let outcome = await click(options.user, 'approve', 'terminal');
    const approvers = [options.user];
    while (
      !settled.aborted &&
      (outcome.kind === 'counted' || outcome.kind === 'self_approval' || outcome.kind === 'duplicate')
    ) {
      if (outcome.kind !== 'counted') io.stdout('  the second approver must be a different person\n');
      const second = (
        await io.readLine(`Two-person rule: second approver's name (not ${approvers.join(', ')}): `, settled)
      )?.trim();
      if (settled.aborted) return;
      if (!second) {
        await click(options.user, 'reject', 'terminal', 'second approver missing');
        return;
      }
      outcome = await click(second, 'approve', 'terminal');
      if (outcome.kind === 'counted' || outcome.kind === 'decided') approvers.push(second);
    }
    if (outcome.kind === 'plan_changed' || outcome.kind === 'not_authorised')
      io.stdout(`  ${outcome.explanation}\n`);
  };

  return {
    requestApproval(request, signal) {
      const decision = approvals.open(request, signal);
      const settled = new AbortController();
      void decision.then(() => settled.abort());
      queue = queue.then(() => ask(request, settled.signal)).catch(() => undefined);
      return decision;
    },
    progress(update: ProgressUpdate) {
      if (update.state === 'pending') return;
      const took = update.durationMs !== undefined ? ` (${(update.durationMs / 1000).toFixed(1)}s)` : '';
      view.progress(
        update,
        report(
          `[${update.host}] ${update.step}: ${update.state}${took}${update.message ? ` - ${update.message}` : ''}\n`,
        ),
      );
    },
    notify(message: NotifyMessage) {
      view.notify(
        message,
        report(
          `[${message.host ?? message.windowId}] notify${message.channel ? ` ${message.channel}` : ''}: ${message.text}\n`,
        ),
      );
    },
    hostFinished(outcome: HostOutcome) {
      view.hostFinished(
        outcome,
        report(
          `[${outcome.host}] finished: ${outcome.status}${outcome.reason ? ` - ${outcome.reason}` : ''}\n`,
        ),
      );
    },
  };
}

/** What the person at the terminal is asked to approve: the plan, step by step, and its hash. */
export function renderApprovalRequest(request: ApprovalRequest, required: number, now: number): string {
  const lines = [
    '',
    `=== approval needed: ${request.host} (${request.customer}), step ${request.step}, risk ${request.risk} ===`,
    request.title,
  ];
  if (request.details) lines.push(request.details);
  for (const line of request.show ?? []) lines.push(`  ${line}`);
  if (request.covered?.length)
    for (const c of request.covered) lines.push(`${c.title}:`, ...c.commands.map((cmd) => `  ${cmd}`));
  else if (request.commands.length) lines.push('commands:', ...request.commands.map((c) => `  ${c}`));
  if (request.rollback.length) lines.push('rollback:', ...request.rollback.map((c) => `  ${c}`));
  if (request.planHash) lines.push(`plan ${request.planHash}`);
  if (request.deadline !== undefined)
    lines.push(`decide within ${Math.max(0, Math.round((request.deadline - now) / 60_000))} min`);
  if (required > 1) lines.push(`needs ${required} distinct approvers`);
  return redact(lines.join('\n') + '\n');
}
