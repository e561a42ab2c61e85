/**
 * `delete [/force] [/recursive] flash:FILE`: `Delete filename [FILE]?` then `Delete flash:/FILE? [confirm]`.
 */
import type { CommandContext, Handler } from '../cli/command-context.js';
import { arg, kw, type GrammarNode } from '../cli/grammar.js';
import { deviceOf, fileNameOf, isFlashDevice, removeFile } from '../model/flash.js';

async function fail(ctx: CommandContext, text: string): Promise<void> {
  await ctx.io.write(text);
  ctx.io.fail();
}

const remove: Handler = async (ctx) => {
  const { rt, io } = ctx;
  const words = (ctx.args.rest ?? '').trim().split(/\s+/);
  const flags = words.filter((w) => w.startsWith('/')).map((w) => w.toLowerCase());
  const path = words.find((w) => !w.startsWith('/')) ?? '';
  const force = flags.includes('/force') || flags.includes('/f');
  const recursive = flags.includes('/recursive') || flags.includes('/r');
  const device = (deviceOf(path) ?? rt.state.flash.device).toLowerCase();
  if (!isFlashDevice(device)) return fail(ctx, `%Error deleting ${path} (No such device)\n`);
  let name = fileNameOf(path);
  if (!force) {
    const answer = (await io.ask(`Delete filename [${name}]? `)).trim();
    if (answer) name = fileNameOf(answer);
  }
  const shown = `${device}/${name}`;
  const file = rt.state.flash.files.get(name);
  if (!file) return fail(ctx, `%Error deleting ${shown} (No such file or directory)\n`);
  if (file.directory && !recursive) return fail(ctx, `%Error deleting ${shown} (Is a directory)\n`);
  if (!force && !(await io.confirm(`Delete ${shown}? [confirm]`))) return;
  removeFile(rt.state.flash, name);
};

export function deleteCommand(): GrammarNode<Handler> {
  return kw<Handler>('delete', arg('rest', 'line', remove));
}
