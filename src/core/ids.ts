/** Slack user (`U…`, `W…`) and user group (`S…`) ids, as approver lists and mentions carry them. */
export function isSlackId(value: string): boolean {
  return /^[USW][A-Z0-9]{2,}$/.test(value);
}
