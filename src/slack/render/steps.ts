/**
 * A host's step lines: each step by what it does or checks (the procedure's `name:`), its state and how
 * long it took; the passed steps before the approval gate fold into one line, so a card stays short and its
 * buttons near the top. Pure.
 */
import type { StepStatus, StepTitle } from '../../ports/warroom-service.js';
import type { HostCard } from '../host-card.js';
import { redact } from '../../core/redact.js';
import { STEP_ICON } from './icons.js';
import { SLACK_LIMITS, escapeText, formatDuration, truncate, truncateLines } from './limits.js';

/** How many step lines a host message shows (latest last); older ones are summarised. */
const MAX_STEP_LINES = 30;
/** A step title longer than this is cut: a line is a glance, the procedure has the whole text. */
const MAX_TITLE = 120;

/** The step's title from the procedure, else its id as code. */
export function stepLabel(titles: ReadonlyMap<string, StepTitle>, step: string): string {
  const title = titles.get(step)?.title;
  return title ? escapeText(truncate(title, MAX_TITLE)) : `\`${escapeText(step)}\``;
}

export function titlesOf(card: HostCard): ReadonlyMap<string, StepTitle> {
  return new Map((card.plan.steps ?? []).map((s) => [s.id, s]));
}

/**
 * The steps that come before the gate: in procedure order when the card knows the procedure's steps (up to
 * its first approval step), else those reported before the card's approval step. Empty when no gate is known.
 */
function preGateSteps(card: HostCard): ReadonlySet<string> {
  const procedure = card.plan.steps ?? [];
  const gate = procedure.findIndex((s) => s.kind === 'approval');
  if (gate > 0) return new Set(procedure.slice(0, gate).map((s) => s.id));
  const asked = card.approval?.step;
  const at = asked ? card.steps.findIndex((s) => s.step === asked) : -1;
  return new Set(at > 0 ? card.steps.slice(0, at).map((s) => s.step) : []);
}

function stepLine(titles: ReadonlyMap<string, StepTitle>, s: StepStatus): string {
  const state = s.state === 'passed' ? '' : ` *${s.state.replace('_', ' ')}*`;
  const took = s.durationMs !== undefined ? ` · ${formatDuration(s.durationMs)}` : '';
  const note = s.message ? ` — ${escapeText(redact(s.message))}` : '';
  return `${STEP_ICON[s.state]} ${stepLabel(titles, s.step)}${state}${took}${note}`;
}

/** The step lines of a card, passed pre-checks folded into one; within one section's text. */
export function renderStepLines(card: HostCard): string {
  const titles = titlesOf(card);
  const before = preGateSteps(card);
  const folded = card.steps.filter(
    (s) => before.has(s.step) && (s.state === 'passed' || s.state === 'skipped'),
  );
  const fold = folded.length >= 2;
  const rest = fold ? card.steps.filter((s) => !folded.includes(s)) : card.steps;
  const shown = rest.slice(-MAX_STEP_LINES);
  const lines = shown.map((s) => stepLine(titles, s));
  const hidden = rest.length - shown.length;
  if (hidden > 0) lines.unshift(`… ${hidden} earlier step(s) not shown`);
  if (fold) lines.unshift(foldLine(folded));
  return truncateLines(lines.join('\n'), SLACK_LIMITS.sectionText, 'the run report has every step');
}

function foldLine(steps: readonly StepStatus[]): string {
  const passed = steps.filter((s) => s.state === 'passed');
  const skipped = steps.length - passed.length;
  const took = passed.reduce((sum, s) => sum + (s.durationMs ?? 0), 0);
  return (
    `${STEP_ICON.passed} *${passed.length} pre-check${passed.length === 1 ? '' : 's'} passed*` +
    (took > 0 ? ` · ${formatDuration(took)}` : '') +
    (skipped ? ` (${skipped} did not apply)` : '')
  );
}
