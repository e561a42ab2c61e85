/**
 * A run's images go to their staging servers as soon as the run starts, while the first host runs its
 * pre-checks, instead of when that host reaches its stage step: the push is the server's half of staging
 * (the device's copy and `verify /md5` stay in the step), and on the canary's path it held up the whole
 * fleet for the length of a hash and an upload. The stage step awaits the same push (pushImageOncePerRun
 * keys it by image and server), so nothing is pushed twice; a push that fails is not remembered, and the
 * host's own stage step tries again and reports it.
 */
import type { InventoryHost } from '../inventory/schema.js';
import type { Procedure, StepOf } from '../procedures/index.js';
import { pushImageOncePerRun, type StagingServer } from '../staging/index.js';
import { planStaging } from './access.js';
import { findImage, type EngineDeps } from './host-context.js';

/**
 * Starts, without waiting, the push of each image the run's hosts will stage to the server each will stage
 * through, in the order the hosts run (the canary's first), one after another: pushes at once would take
 * the CPU from the hosts' pre-checks. Touches no device. Resolves once every push settled; never rejects.
 */
export function prefetchImages(
  deps: Pick<EngineDeps, 'catalogue' | 'access' | 'images' | 'clock'>,
  procedure: Procedure,
  hosts: readonly InventoryHost[],
  target: string | undefined,
): Promise<void> {
  const stages = procedure.steps.filter((s): s is StepOf<'stage'> => s.kind === 'stage');
  if (!target || stages.length === 0) return Promise.resolve();
  const started = new Set<string>();
  let chain = Promise.resolve();
  for (const host of hosts) {
    const image = findImage(deps.catalogue, host, target);
    if (!image) continue;
    for (const step of stages) {
      let server: StagingServer;
      try {
        server = planStaging(deps.access, host, step.via).push;
      } catch {
        // No staging server for this site: the host's stage step says so.
        continue;
      }
      const key = `${server.address}:${server.port}${server.path}/${image.file}`;
      if (started.has(key)) continue;
      started.add(key);
      const push = (): Promise<void> =>
        pushImageOncePerRun(deps.images, { image, store: deps.images, server, clock: deps.clock }).then(
          () => undefined,
          () => undefined,
        );
      chain = chain.then(push);
    }
  }
  return chain;
}
