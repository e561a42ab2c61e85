/** The lab's scaled sleeps: a long-lived signal (a device's) keeps no listener once a sleep is over. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLabTime } from '../../src/lab/time.js';

describe('lab time', () => {
  it('removes its abort listener when a sleep ends, and rejects with the reason when aborted', async () => {
    const time = createLabTime(1 / 1000);
    const device = new AbortController();
    for (let i = 0; i < 20; i++) await time.sleep(1_000, device.signal);
    expect(getEventListeners(device.signal, 'abort')).toHaveLength(0);
    const sleeping = time.sleep(60_000_000, device.signal);
    device.abort(new Error('powered off'));
    await expect(sleeping).rejects.toThrow('powered off');
  });
});
