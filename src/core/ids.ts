/** Slack user (`U…`, `W…`) and user group (`S…`) ids, as approver lists and mentions carry them. */
export function isSlackId(value: string): boolean {
  return /^[USW][A-Z0-9]{2,}$/.test(value);
}

/**
 * The idempotency key of one step execution or decision, `run:host:step:suffix` (suffix: the attempt, or
 * `gate`, `on_fail:N`): the event log refuses a second intent or result with the same key.
 */
export function stepKey(runId: string, host: string, step: string, suffix: string | number): string {
  return `${runId}:${host}:${step}:${suffix}`;
}
