/**
 * `reload`: offers to save a modified configuration, asks `[confirm]`, then the device goes down and boots.
 */
import type { Handler } from '../cli/command-context.js';
import { kw, type GrammarNode } from '../cli/grammar.js';
import { configsEqual } from '../model/config.js';
import { saveConfig } from './save-config.js';

const reload: Handler = async (ctx) => {
  const { rt, io } = ctx;
  if (rt.state.install.busy) {
    await io.write('% Reload is not allowed while an install operation is in progress.\n');
    io.fail();
    return;
  }
  if (io.interactive && !configsEqual(rt.state.running, rt.state.startup)) {
    for (;;) {
      const answer = (await io.ask('\nSystem configuration has been modified. Save? [yes/no]: '))
        .trim()
        .toLowerCase();
      if (answer === 'yes' || answer === 'y') {
        await io.write(saveConfig(rt));
        break;
      }
      if (answer === 'no' || answer === 'n') break;
      await io.write("% Please answer 'yes' or 'no'.\n");
    }
  }
  if (!(await io.confirm('Proceed with reload? [confirm]'))) return;
  rt.log(
    `%SYS-5-RELOAD: Reload requested by ${ctx.session.user} on ${ctx.session.origin}. Reload Reason: Reload Command.`,
  );
  const down = rt.reload('Reload Command');
  // A shell waits for the drop; exec returns first so its output reaches the client.
  if (io.interactive) await down;
};

export function reloadCommand(): GrammarNode<Handler> {
  return kw<Handler>('reload', reload);
}
