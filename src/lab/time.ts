/**
 * Lab time is scaled: `scale` is real milliseconds per device millisecond, so 1/600 makes a 10-minute reload
 * take one second while every step keeps its real ratio to the others.
 */
export interface LabTime {
  readonly scale: number;
  /** Real milliseconds for a span of device time. */
  toReal(deviceMs: number): number;
  /** Sleeps for a span of device time. */
  sleep(deviceMs: number, signal?: AbortSignal): Promise<void>;
}

export function createLabTime(scale: number): LabTime {
  if (!(scale > 0)) throw new RangeError(`lab time scale must be positive, got ${scale}`);
  const toReal = (deviceMs: number): number => Math.max(0, Math.round(deviceMs * scale));
  return {
    scale,
    toReal,
    sleep: (deviceMs, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        // The listener goes when the timer fires: a device's signal lives as long as the device.
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, toReal(deviceMs));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
