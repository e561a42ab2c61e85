import { describe, expect, it } from 'vitest';
import { decodeHostEvents, findRecord, resultPayloadOf } from '../../src/engine/event-codec.js';
import type { RunEvent } from '../../src/store/index.js';

const event = (over: Partial<RunEvent>): RunEvent => ({
  id: 1,
  runId: 'run-1',
  seq: 1,
  host: 'r1',
  step: 'main/stage',
  attempt: 1,
  kind: 'result',
  key: 'run-1:r1:main/stage:1',
  payload: { section: 'main', step: 'stage', status: 'ok', changed: true },
  at: 0,
  ...over,
});

describe('event codec', () => {
  it('decodes what the engine writes', () => {
    expect(resultPayloadOf(event({}))).toMatchObject({ step: 'stage', status: 'ok' });
    expect(
      decodeHostEvents([
        event({ kind: 'intent', payload: { section: 'main', step: 'stage' } }),
        event({ seq: 2 }),
        event({
          seq: 3,
          kind: 'decision',
          attempt: undefined,
          payload: {
            type: 'decision',
            section: 'main',
            step: 'gate',
            purpose: 'gate',
            key: 'k',
            approved: true,
            by: ['dana'],
          },
        }),
        event({
          seq: 4,
          kind: 'decision',
          attempt: undefined,
          payload: { type: 'operator', action: 'abort', by: 'U1' },
        }),
      ]).map((e) => e.type),
    ).toEqual(['intent', 'result', 'decision', 'operator']);
    expect(
      findRecord(
        [event({ kind: 'state', payload: { type: 'host_finished', status: 'rejected', reason: 'no' } })],
        'host_finished',
      ),
    ).toEqual({ type: 'host_finished', status: 'rejected', reason: 'no' });
  });

  it('a row that does not hold what warroom wrote stops the replay with a clear error, never a wrong state', () => {
    const tampered = event({
      seq: 7,
      payload: { section: 'main', step: 'stage', status: 'done', changed: true },
    });
    expect(() => decodeHostEvents([tampered])).toThrow(
      /run run-1 event 7 \(result main\/stage\) does not hold what warroom wrote/,
    );
    expect(() =>
      findRecord(
        [event({ kind: 'state', payload: { type: 'host_finished', status: 'great' } })],
        'host_finished',
      ),
    ).toThrow(/does not hold what warroom wrote/);
  });
});
