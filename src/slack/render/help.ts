/** `/warroom help` and the usage line shown after a mistyped command. Pure. */
import { section, type SlackMessage } from './limits.js';

export const COMMAND_USAGE = [
  ['windows', 'list the maintenance windows'],
  ['open WINDOW', "open the window's war-room thread in the ops channel"],
  ['status [HOST|WINDOW]', 'where a host, a window, or everything running stands'],
  ['run WINDOW', 'start the run of a window (once; a second run shows the first)'],
  ['abort HOST', 'stop a host at the next safe point'],
  ['rollback HOST', "run a host's rollback now"],
  ['plan KEY', 'plan an upgrade from a Jira change request, to review and Confirm'],
  ['changes [all]', 'the change requests that wait for CAB (all: every one)'],
  [
    'collect --hosts H,H|--window ID|--tag T -c "show version" [-c ...] [--raw] [--concurrency N]',
    'read-only commands on many hosts at once: a table here, every record as a JSON lines file',
  ],
  ['help', 'this list'],
] as const;

export function renderHelp(problem?: string): SlackMessage {
  const lines = COMMAND_USAGE.map(([usage, what]) => `\`/warroom ${usage}\` — ${what}`);
  const text = (problem ? `${problem}\n\n` : '') + lines.join('\n');
  return { text, blocks: [section(text)] };
}
