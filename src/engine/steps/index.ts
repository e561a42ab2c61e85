/** One executor per step kind (approval is the runner's own: it asks the operator). */
import { stepCommands, type Step, type StepKind, type StepOf } from '../../procedures/index.js';
import { planStaging } from '../access.js';
import type { HostContext } from '../host-context.js';
import { backupStep } from './backup-step.js';
import { bootStep } from './boot-step.js';
import { checkStep } from './check-step.js';
import { commandStep } from './command-step.js';
import { diffStep } from './diff-step.js';
import { functionalCheckStep } from './functional-check-step.js';
import { httpStep } from './http-step.js';
import { installStep } from './install-step.js';
import { manualStep } from './manual-step.js';
import { notifyStep } from './notify-step.js';
import { reloadStep } from './reload-step.js';
import { saveStep } from './save-step.js';
import { snapshotStep } from './snapshot-step.js';
import { stageStep } from './stage-step.js';
import type { ReconcileVerdict, StepExecutor, StepOutcome } from './step-executor.js';
import { watchStep } from './watch-step.js';

export type { ReconcileVerdict, StepExecutor, StepOutcome } from './step-executor.js';
export { armedWatchers, runWatchers, type Watcher } from './watch-step.js';

type Executors = { [K in Exclude<StepKind, 'approval'>]: StepExecutor<K> };

const EXECUTORS: Executors = {
  command: commandStep,
  check: checkStep,
  save: saveStep,
  backup: backupStep,
  stage: stageStep,
  install: installStep,
  boot: bootStep,
  reload: reloadStep,
  snapshot: snapshotStep,
  diff: diffStep,
  watch: watchStep,
  functional_check: functionalCheckStep,
  manual: manualStep,
  http: httpStep,
  notify: notifyStep,
};

function executorFor<K extends Exclude<StepKind, 'approval'>>(step: StepOf<K>): StepExecutor<K> {
  return EXECUTORS[(step as { kind: K }).kind];
}

/** Step kinds that only read the device (or touch nothing): facts read before them stay the device's. */
const LEAVES_DEVICE_AS_IS: ReadonlySet<StepKind> = new Set([
  'check',
  'snapshot',
  'diff',
  'watch',
  'functional_check',
  'notify',
]);

export function executeStep(step: Step, ctx: HostContext): Promise<StepOutcome> {
  if (step.kind === 'approval') throw new Error('approval steps are decided by the runner, not executed');
  if (!LEAVES_DEVICE_AS_IS.has(step.kind)) ctx.noteDeviceMayChange();
  return executorFor(step).run(step, ctx);
}

/**
 * The exact CLI a step will send, as approvers and the war room see it: rendered from the declaration by
 * the procedures' `stepCommands`, with where this host copies its image from.
 */
export function previewStep(step: Step, ctx: HostContext): string[] {
  try {
    return stepCommands(step, ctx.scope(stagingScope(ctx)));
  } catch {
    // A preview is for people; a step that cannot render yet says so when it runs.
    return [];
  }
}

function stagingScope(ctx: HostContext): Record<string, unknown> {
  if (!ctx.host) return {};
  try {
    const { deviceSource: s } = planStaging(ctx.deps.access, ctx.host, 'auto');
    const port = s.port && s.port !== 22 ? `:${s.port}` : '';
    return {
      staging: `scp://${s.username ? `${s.username}@` : ''}${s.host}${port}${s.path.replace(/\/+$/, '')}`,
    };
  } catch {
    return {};
  }
}

export function reconcileStep(
  step: Step,
  ctx: HostContext,
  section: 'main' | 'rollback',
): Promise<ReconcileVerdict> | undefined {
  if (step.kind === 'approval') return undefined;
  return executorFor(step).reconcile?.(step, ctx, section);
}
