/** The action ids buttons carry; listeners match on them, renderers set them. One place for both. */
export const ACTION_IDS = {
  approve: 'warroom_approve',
  reject: 'warroom_reject',
  abort: 'warroom_abort',
  rollback: 'warroom_rollback',
  run: 'warroom_run',
} as const;

export type ActionName = keyof typeof ACTION_IDS;

/** A host button's value: window and host, which never contain `|`. */
export function encodeHostValue(windowId: string, host: string): string {
  return `${windowId}|${host}`;
}

export function decodeHostValue(value: string): { windowId: string; host: string } | undefined {
  const [windowId, host, ...rest] = value.split('|');
  return windowId && host && rest.length === 0 ? { windowId, host } : undefined;
}
