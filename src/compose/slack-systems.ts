/**
 * The systems around a window told in Slack: at T-24h the customer mail is posted in the ops channel for
 * review (Send and Edit), the change that lets a window start, the results mail and the CMDB updates go to
 * the window's thread (or the channel when it has none). Posting the review is awaited, so a Slack failure
 * is told and the draft is posted again later; the thread replies are queued like every war-room reply.
 */
import { redact } from '../core/redact.js';
import type { WindowSystemsService } from '../ports/window-systems.js';
import type { SlackOperator, WebClient } from '../slack/index.js';
import { renderMailReview } from '../slack/index.js';
import type { Store } from '../store/index.js';
import type { WindowSystems } from '../integrations/index.js';
import { describeClose, describeDrain, type SystemsTeller } from './window-hooks.js';

export interface SlackSystemsDeps {
  client: WebClient;
  operator: SlackOperator;
  store: Store;
  systems: WindowSystems;
  service: WindowSystemsService;
}

/** A plain mrkdwn message (escaped, cut to a section's limit). */
function plain(text: string): {
  text: string;
  blocks: [{ type: 'section'; text: { type: 'mrkdwn'; text: string } }];
} {
  const escaped = redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const clipped = escaped.length > 2900 ? `${escaped.slice(0, 2900)}… (cut)` : escaped;
  return { text: clipped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clipped } }] };
}

export function slackSystemsTeller(deps: SlackSystemsDeps): SystemsTeller {
  const { client, operator, store } = deps;
  /** In the window's thread when it has one, else in the ops channel. */
  const say = async (windowId: string, text: string): Promise<void> => {
    if (store.slackMessages.get(windowId)) operator.warRoom.reply(windowId, plain(text));
    else await client.chat.postMessage({ channel: await operator.channel(), ...plain(text) });
  };
  return {
    async mailDrafted(window, draft) {
      // Posted once: a trigger fired again (a takeover, a second bot) finds the review already up. A post
      // that failed is not recorded, so the retry posts it.
      const posted = `slack:mail-review:${window.id}:pre_window`;
      if (draft.outcome === 'already_sent' || store.dedupe.has(posted)) return;
      const mail = await deps.service.mail(window.id, 'pre_window');
      await client.chat.postMessage({ channel: await operator.channel(), ...renderMailReview(mail) });
      store.dedupe.claim(posted, { scope: 'slack' });
    },
    changeApproved: (window, gate) => say(window.id, `:white_check_mark: ${gate.reason}: the run may start`),
    closed: (window, outcome) =>
      say(window.id, `:envelope: ${describeClose(window, outcome, deps.systems).join('\n')}`),
    closeDeferred: (window, runId) =>
      say(
        window.id,
        `:hourglass_flowing_sand: run ${runId} goes on past the window's end: the results mail and the CMDB follow when it finishes`,
      ),
    failed: (window, what, error) =>
      say(
        window.id,
        `:warning: ${what === 'mail' ? 'Drafting the customer mail' : 'The results mail or the CMDB'} failed; warroom tries again: ${error instanceof Error ? error.message : String(error)}`,
      ),
    async cmdbDrained(result) {
      const byWindow = new Map<string, string[]>();
      const lines = describeDrain(result);
      const updates = [...result.landed, ...result.retrying, ...result.failed];
      updates.forEach((u, i) => {
        const windowId = (u.runId && store.runs.get(u.runId)?.windowId) || '';
        byWindow.set(windowId, [...(byWindow.get(windowId) ?? []), lines[i] ?? '']);
      });
      for (const [windowId, text] of byWindow) {
        const message = `:card_file_box: CMDB: ${text.join('\n')}`;
        if (windowId) await say(windowId, message);
        else await client.chat.postMessage({ channel: await operator.channel(), ...plain(message) });
      }
    },
  };
}
