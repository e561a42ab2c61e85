/**
 * Exit codes of the commands that run windows, one table so scripts, systemd and cron can tell outcomes
 * apart: 0 succeeded, 1 a host needs a person, 2 usage, 3 refused before anything was sent, 128 + signal
 * when interrupted (the run is paused and resumable).
 */
import type { RunStatus } from '../store/index.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;

/** 130 for SIGINT, 143 for SIGTERM: what shells report for a process stopped by that signal. */
export function interruptedExitCode(signal: AbortSignal): number {
  const reason: unknown = signal.reason;
  const name = reason instanceof Error ? reason.message : String(reason);
  return /SIGTERM/.test(name) ? 143 : 130;
}

export function runExitCode(status: RunStatus, signal: AbortSignal): number {
  if (status === 'paused') return interruptedExitCode(signal);
  return status === 'succeeded' ? EXIT.ok : EXIT.failed;
}
