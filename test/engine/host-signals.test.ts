import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createHostSignals } from '../../src/engine/host-signals.js';

describe('host signals', () => {
  it("puts one listener on the run's signal however many hosts run, and aborts every live host with it", () => {
    const run = new AbortController();
    const signals = createHostSignals(run.signal);
    const hosts = Array.from({ length: 30 }, () => signals.open());
    for (const h of hosts) h.signal.addEventListener('abort', () => undefined);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    const done = hosts[0]!;
    done.release();
    run.abort(new Error('SIGTERM'));
    expect(
      hosts.slice(1).every((h) => h.signal.aborted && (h.signal.reason as Error).message === 'SIGTERM'),
    ).toBe(true);
    // A host that finished before the stop keeps its signal as it was.
    expect(done.signal.aborted).toBe(false);
    // A host opened after the stop starts aborted.
    expect(signals.open().signal.aborted).toBe(true);
    signals.close();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it("stops following the run's signal once closed", () => {
    const run = new AbortController();
    const signals = createHostSignals(run.signal);
    const host = signals.open();
    signals.close();
    run.abort();
    expect(host.signal.aborted).toBe(false);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });
});
