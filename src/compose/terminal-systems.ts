/**
 * The systems around a window told in the terminal rehearsal: the customer mail printed as it was drafted
 * (and sent at once when the rehearsal says so: `--send-mail`, `--yes`, the embedded default), the change
 * that lets a window start, the results mail and each CMDB update.
 */
import { redact } from '../core/redact.js';
import type { WindowSystems } from '../integrations/index.js';
import { describeClose, describeDrain, type SystemsTeller } from './window-hooks.js';

/** Lines of a mail body shown in the terminal: enough to review, never a flood. */
const BODY_LINES = 40;

export function terminalSystemsTeller(options: {
  systems: WindowSystems;
  print: (line: string) => void;
  /** Send each pre-window mail as soon as it is drafted (no person reviews it in a rehearsal). */
  sendMail: boolean;
}): SystemsTeller {
  const { systems, print } = options;
  const say = (line: string): void => print(redact(line));
  return {
    async mailDrafted(window, draft) {
      const mail = draft.record;
      if (draft.outcome === 'already_sent') {
        say(
          `${window.id}: the customer mail went out already (${mail.messageId ?? 'being sent'}); nothing drafted`,
        );
        return;
      }
      say(
        `${window.id}: customer mail ${draft.outcome === 'drafted' ? 'drafted' : 'kept as drafted'} in ${systems.mailSystem} (${mail.draftId ?? '?'})`,
      );
      say(`  To: ${mail.recipients.join(', ')}`);
      say(`  Subject: ${mail.subject}`);
      const body = (mail.body ?? '').trimEnd().split('\n');
      for (const line of body.slice(0, BODY_LINES)) say(`  | ${line}`);
      if (body.length > BODY_LINES) say(`  | ... ${body.length - BODY_LINES} more lines`);
      if (!options.sendMail) {
        say(
          `${window.id}: the draft waits for review (send it from Slack or the mailbox; --send-mail sends it here)`,
        );
        return;
      }
      const sent = await systems.sendMail(window.id, 'pre_window');
      say(
        sent.action === 'sent'
          ? `${window.id}: customer mail sent to ${mail.recipients.join(', ')} (message ${sent.record.messageId ?? '?'})`
          : sent.action === 'already_sent'
            ? `${window.id}: customer mail already sent (message ${sent.record.messageId ?? '?'}); not sent again`
            : `${window.id}: customer mail is being sent by another warroom`,
      );
    },
    async changeApproved(window, gate) {
      say(`${window.id}: ${gate.reason}`);
      return Promise.resolve();
    },
    async closed(window, outcome) {
      for (const line of describeClose(window, outcome, systems)) say(line);
      return Promise.resolve();
    },
    async closeDeferred(window, runId) {
      say(
        `${window.id}: the window has ended while run ${runId} goes on; results mail and CMDB once it finishes`,
      );
      return Promise.resolve();
    },
    async failed(window, what, error) {
      const words = what === 'mail' ? 'drafting the customer mail' : 'the results mail or the CMDB';
      say(
        `${window.id}: ${words} failed (tried again later): ${error instanceof Error ? error.message : String(error)}`,
      );
      return Promise.resolve();
    },
    async cmdbDrained(result) {
      for (const line of describeDrain(result)) say(line);
      return Promise.resolve();
    },
  };
}
