/**
 * Each host's own abort signal, following the run's through one listener. A host's steps, sleeps and SSH
 * connects each listen to the signal they are given; handing them the run's signal directly put one
 * listener per running host on it (Node warns past 10: MaxListenersExceededWarning with 20 hosts in a
 * wave) and kept a listener per step in flight on an object that lives as long as the run.
 */
export interface HostSignals {
  /** A signal for one host, aborted with the run's; `release` when the host is done with it. */
  open(): { signal: AbortSignal; release: () => void };
  /** Stops following the run's signal. */
  close(): void;
}

export function createHostSignals(run: AbortSignal): HostSignals {
  const live = new Set<AbortController>();
  const onAbort = (): void => {
    for (const controller of live) controller.abort(run.reason);
    live.clear();
  };
  run.addEventListener('abort', onAbort, { once: true });
  return {
    open: () => {
      const controller = new AbortController();
      if (run.aborted) controller.abort(run.reason);
      else live.add(controller);
      return { signal: controller.signal, release: () => live.delete(controller) };
    },
    close: () => {
      run.removeEventListener('abort', onAbort);
      live.clear();
    },
  };
}
