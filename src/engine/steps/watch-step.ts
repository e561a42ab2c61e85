import { toWarroomError } from '../../core/errors.js';
import { renderDeviceText, type Step, type StepOf, type WatchResult } from '../../procedures/index.js';
import type { HostContext } from '../host-context.js';
import type { StepExecutor, StepOutcome } from './step-executor.js';

/**
 * Polls logs and protocol state and flags crashes and adjacencies lost (seed 002's "active monitoring").
 * With `duration` it polls for that long; with `during: <step>` the runner keeps it polling alongside that
 * step and folds the findings into this step's result.
 */
export const watchStep: StepExecutor<'watch'> = {
  async run(step: StepOf<'watch'>, ctx: HostContext): Promise<StepOutcome> {
    if (step.during)
      return {
        status: 'ok',
        changed: false,
        output: '',
        result: null,
        detail: `armed: watching during ${step.during}`,
      };
    const until = ctx.clock.now() + (step.duration?.ms ?? 0);
    const watcher = createWatcher(step, ctx);
    while (ctx.clock.now() < until && !ctx.signal.aborted) {
      await watcher.sample();
      await ctx.clock.sleep(Math.min(step.interval.ms, Math.max(0, until - ctx.clock.now())), ctx.signal);
    }
    await watcher.sample();
    return watcher.outcome();
  },
};

export interface Watcher {
  sample(): Promise<void>;
  outcome(): StepOutcome;
}

function createWatcher(step: StepOf<'watch'>, ctx: HostContext): Watcher {
  const commands = step.commands.map((c) => renderDeviceText(c, ctx.scope(), { readOnly: true }));
  const result: WatchResult = { crash: false, adjacency_lost: false, samples: 0, findings: [] };
  const seenCrash = new Set<string>();
  let baseline: { bgp: Set<string>; up: Set<string> } | undefined;
  const notes: string[] = [];
  return {
    async sample() {
      try {
        const r = await ctx.driver().snapshot(commands);
        if (!r.data) {
          notes.push(`sample failed: ${r.detail ?? 'no data'}`);
          return;
        }
        result.samples += 1;
        const facts = ctx.platform(step.id).operationalFacts(r.data);
        if (step.flag.includes('crash')) {
          for (const line of facts.crashes) {
            if (seenCrash.has(line)) continue;
            seenCrash.add(line);
            // The first sample is the baseline: only crashes that appear during the watch count.
            if (result.samples > 1 || baseline) {
              result.crash = true;
              result.findings.push(line);
            }
          }
        }
        const bgpUp = new Set(
          Object.entries(facts.bgp)
            .filter(([, n]) => n.established)
            .map(([a]) => a),
        );
        const ifUp = new Set(
          Object.entries(facts.interfaces)
            .filter(([, i]) => i.status === 'up' && i.protocol === 'up')
            .map(([n]) => n),
        );
        if (!baseline) baseline = { bgp: bgpUp, up: ifUp };
        else if (step.flag.includes('adjacency_lost')) {
          for (const a of baseline.bgp)
            if (!bgpUp.has(a) && !result.findings.includes(`BGP neighbour ${a} down`))
              result.findings.push(`BGP neighbour ${a} down`);
          for (const n of baseline.up)
            if (!ifUp.has(n) && !result.findings.includes(`interface ${n} down`))
              result.findings.push(`interface ${n} down`);
          result.adjacency_lost = result.findings.some((f) => /down$/.test(f));
        }
      } catch (err) {
        // A device that is reloading does not answer: that is expected during a disruptive step.
        notes.push(`sample skipped: ${toWarroomError(err).message}`);
      }
    },
    outcome() {
      const flagged = result.crash || result.adjacency_lost;
      return {
        status: flagged ? 'failed' : 'ok',
        changed: false,
        output: [...result.findings, ...notes].join('\n'),
        result,
        detail: flagged
          ? `flagged: ${result.findings.join('; ')}`
          : `${result.samples} sample(s), nothing flagged`,
      };
    },
  };
}

/** The watches armed (`during:`) for this step, each a fresh watcher. */
export function armedWatchers(ctx: HostContext, step: Step): { id: string; watcher: Watcher }[] {
  return ctx.procedure.steps
    .filter((s) => s.kind === 'watch' && s.during === step.id && ctx.steps[s.id]?.status === 'passed')
    .map((s) => ({ id: s.id, watcher: createWatcher(s as Extract<Step, { kind: 'watch' }>, ctx) }));
}

/**
 * Samples every watcher once a second of real time while the watched step runs (a lab activation lasts
 * seconds; a real one minutes, so its own interval would add little), and once more when it ends.
 */
export function runWatchers(ctx: HostContext, watchers: readonly Watcher[]): () => Promise<void> {
  if (watchers.length === 0) return () => Promise.resolve();
  const stop = new AbortController();
  const interval = 1000;
  const loop = (async () => {
    while (!stop.signal.aborted) {
      for (const w of watchers) await w.sample();
      await ctx.clock.sleep(interval, stop.signal).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
    for (const w of watchers) await w.sample();
  };
}
