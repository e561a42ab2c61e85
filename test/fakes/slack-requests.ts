/**
 * Requests as Slack sends them to an app: a signed, form-encoded block_actions payload for a button click.
 * Shared by the Slack test harness, the receiver's tests and the Slack benchmark (no vitest import, so the
 * benchmark can load it).
 */
import { createHmac } from 'node:crypto';

/** Slack's v0 request signature over `v0:timestamp:body`. */
export function signSlackRequest(body: string, timestamp: number, secret: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export interface ButtonClick {
  actionId: string;
  value: string;
  user: string;
  triggerId: string;
  actionTs: string;
  responseUrl: string;
  messageTs?: string;
}

/** The form body of a click on a button of a message in the ops channel. */
export function blockActionsBody(click: ButtonClick): string {
  const messageTs = click.messageTs ?? '1780000000.000001';
  const payload = {
    type: 'block_actions',
    user: {
      id: click.user,
      username: click.user.slice(2).toLowerCase(),
      name: click.user.slice(2).toLowerCase(),
      team_id: 'T0TEAM',
    },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: 'C0OPS', is_ephemeral: false },
    trigger_id: click.triggerId,
    team: { id: 'T0TEAM', domain: 'example' },
    channel: { id: 'C0OPS', name: 'netops-warroom' },
    message: { type: 'message', ts: messageTs, text: 'host' },
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: 'approval',
        value: click.value,
        text: { type: 'plain_text', text: 'Approve' },
        action_ts: click.actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
