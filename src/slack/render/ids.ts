/** The action ids buttons carry; listeners match on them, renderers set them. One place for both. */
export const ACTION_IDS = {
  approve: 'warroom_approve',
  reject: 'warroom_reject',
  abort: 'warroom_abort',
  rollback: 'warroom_rollback',
  run: 'warroom_run',
  mailSend: 'warroom_mail_send',
  mailEdit: 'warroom_mail_edit',
  planConfirm: 'warroom_plan_confirm',
} as const;

/** The callback ids of modals; the view listener matches on them. */
export const VIEW_IDS = {
  mailEdit: 'warroom_mail_edit',
} as const;

/** A mail button's value: the window and the mail's kind (`W-ACME-2026-12-05|pre_window`). */
export function encodeMailValue(windowId: string, kind: 'pre_window' | 'results'): string {
  return `${windowId}|${kind}`;
}

export function decodeMailValue(
  value: string,
): { windowId: string; kind: 'pre_window' | 'results' } | undefined {
  const [windowId, kind, ...rest] = value.split('|');
  return windowId && (kind === 'pre_window' || kind === 'results') && rest.length === 0
    ? { windowId, kind }
    : undefined;
}

/** The Confirm button of a plan: the Jira key and the plan's hash (`SEC-4821#a1b2c3d4e5f6`). */
export function encodePlanValue(key: string, hash: string): string {
  return `${key}#${hash}`;
}

export function decodePlanValue(value: string): { key: string; hash: string } | undefined {
  const m = /^([A-Z][A-Z0-9_]*-\d{1,9})#([a-f0-9]{6,64})$/.exec(value);
  return m ? { key: m[1]!, hash: m[2]! } : undefined;
}

export type ActionName = keyof typeof ACTION_IDS;

/** A host button's value: window and host, which never contain `|`. */
export function encodeHostValue(windowId: string, host: string): string {
  return `${windowId}|${host}`;
}

export function decodeHostValue(value: string): { windowId: string; host: string } | undefined {
  const [windowId, host, ...rest] = value.split('|');
  return windowId && host && rest.length === 0 ? { windowId, host } : undefined;
}

/** What a plan hash looks like (hex or base64url): anything else is not carried on a button. */
const PLAN_HASH = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * An Approve/Reject button's value: the approval key and the hash of the plan the card shows, so a click
 * approves the plan the person saw and nothing else (`run:host:step:attempt#a1b2c3...`). A value with no
 * hash after its last `#` is a bare key: a button drawn before plans had hashes.
 */
export function encodeApprovalValue(key: string, planHash?: string): string {
  return planHash && PLAN_HASH.test(planHash) ? `${key}#${planHash}` : key;
}

export function decodeApprovalValue(value: string): { key: string; planHash?: string } {
  const at = value.lastIndexOf('#');
  const planHash = at > 0 ? value.slice(at + 1) : '';
  return PLAN_HASH.test(planHash) ? { key: value.slice(0, at), planHash } : { key: value };
}
