/**
 * The customer mails, as text and HTML: the pre-window notice (scope, expected outage, the phone to call,
 * the promise of a verification) and the results (per host: old and new version, outcome, what was
 * verified). Pure: everything is passed in.
 */
import { localIso } from '../../inventory/window-rule.js';
import type { Customer } from '../../inventory/schema.js';
import { escapeHtml } from '../freshservice/change-draft.js';
import type { HostOutcome } from '../run-outcome.js';

export interface ComposedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailWindow {
  id: string;
  start: number;
  end: number;
  timezone: string;
  changeRequest?: string;
}

export interface MailHost {
  host: string;
  siteName: string;
  platform: string;
  currentVersion: string;
  targetVersion: string;
  outage: string;
}

function htmlList(items: readonly string[]): string {
  return `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

function paragraphs(parts: readonly (string | string[])[]): { text: string; html: string } {
  return {
    text: parts.map((p) => (Array.isArray(p) ? p.map((i) => `  - ${i}`).join('\n') : p)).join('\n\n') + '\n',
    html: parts.map((p) => (Array.isArray(p) ? htmlList(p) : `<p>${escapeHtml(p)}</p>`)).join('\n'),
  };
}

function when(w: MailWindow): string {
  return `${localIso(w.start, w.timezone)} to ${localIso(w.end, w.timezone)} (${w.timezone}; ${new Date(w.start).toISOString().replace('.000', '')} UTC)`;
}

export function composePreWindowMail(
  customer: Customer,
  window: MailWindow,
  hosts: readonly MailHost[],
  team = 'the network operations team',
): ComposedMail {
  const body = paragraphs([
    `Hello ${customer.name},`,
    `We will upgrade the software of ${hosts.length === 1 ? 'one' : hosts.length} of your network devices in the maintenance window ${when(window)}${window.changeRequest ? `, change request ${window.changeRequest}` : ''}.`,
    'Scope and expected outage per device:',
    hosts.map(
      (h) =>
        `${h.host} (${h.siteName}, ${h.platform}): ${h.currentVersion} to ${h.targetVersion}; expected outage ${h.outage}`,
    ),
    `During the window you can reach us at ${customer.contact_phone}.`,
    'After the window we verify every device (software version, interfaces, routing neighbours and your functional check) and send you the results.',
    `Regards,\n${team}`,
  ]);
  return {
    to: [customer.email],
    subject: `Maintenance ${localIso(window.start, window.timezone).slice(0, 10)}: software upgrade of ${hosts.length} device${hosts.length === 1 ? '' : 's'} (${window.id})`,
    ...body,
  };
}

const OUTCOME_WORDS: Record<HostOutcome['outcome'], string> = {
  upgraded: 'upgraded',
  rolled_back: 'rolled back to the previous version',
  failed: 'not upgraded (stopped safely)',
  rejected: 'not upgraded (the upgrade was not approved)',
  skipped: 'no change needed',
  parked: 'waiting for an engineer',
  not_finished: 'not finished',
};

export function composeResultsMail(
  customer: Customer,
  window: MailWindow,
  outcomes: readonly HostOutcome[],
  team = 'the network operations team',
): ComposedMail {
  const upgraded = outcomes.filter((o) => o.outcome === 'upgraded').length;
  const body = paragraphs([
    `Hello ${customer.name},`,
    `The maintenance window ${window.id} (${when(window)}) is over: ${upgraded} of ${outcomes.length} device${outcomes.length === 1 ? '' : 's'} upgraded.`,
    'Per device:',
    outcomes.map(
      (o) =>
        `${o.host}: ${o.fromVersion ?? '?'} to ${o.version ?? '?'}, ${OUTCOME_WORDS[o.outcome]}${o.reason && o.outcome !== 'upgraded' ? ` (${o.reason})` : ''}; verified: ${o.verification.length ? o.verification.join(', ') : 'nothing (see outcome)'}`,
    ),
    `Questions: ${customer.contact_phone}.`,
    `Regards,\n${team}`,
  ]);
  return {
    to: [customer.email],
    subject: `Maintenance results: ${window.id} (${upgraded}/${outcomes.length} upgraded)`,
    ...body,
  };
}

/**
 * The results mail of a window that never ran (held for its change, not approved, stopped before any
 * device): the customer was told it would happen, so they are told it did not, and that nothing changed.
 */
export function composeNotCarriedOutMail(
  customer: Customer,
  window: MailWindow,
  team = 'the network operations team',
): ComposedMail {
  const body = paragraphs([
    `Hello ${customer.name},`,
    `The maintenance window ${window.id} (${when(window)}) did not take place: no device was changed and your network runs as before.`,
    'We will propose a new date for the upgrade and write to you before it, as we did for this one.',
    `Questions: ${customer.contact_phone}.`,
    `Regards,\n${team}`,
  ]);
  return {
    to: [customer.email],
    subject: `Maintenance not carried out: ${window.id} (no change made)`,
    ...body,
  };
}

/**
 * A mail a person edited (subject and text): the HTML part follows the text, a paragraph per blank-line
 * block and a line break per line, escaped, so both parts always say the same thing.
 */
export function composeEditedMail(to: readonly string[], subject: string, text: string): ComposedMail {
  const body = text.replace(/\r\n?/g, '\n').trim();
  const html = body
    .split(/\n{2,}/)
    .map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
  return { to: [...to], subject: subject.replace(/[\r\n]+/g, ' ').trim(), text: `${body}\n`, html };
}
