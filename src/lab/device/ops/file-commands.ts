/**
 * File and configuration commands: write, copy, dir, delete, verify.
 */
import type { Handler } from '../cli/command-context.js';
import { arg, kw, type GrammarNode } from '../cli/grammar.js';
import { deviceOf, fileNameOf, isFlashDevice } from '../model/flash.js';
import { renderDir } from '../render/dir.js';
import { renderRunningConfig } from '../render/config-text.js';
import { copyCommand } from './copy-command.js';
import { deleteCommand } from './delete-command.js';
import { saveConfig } from './save-config.js';
import { verifyCommand } from './verify-command.js';

const writeMemory: Handler = async (ctx) => {
  await ctx.io.write(saveConfig(ctx.rt));
};

const writeTerminal: Handler = async (ctx) => {
  await ctx.io.write(renderRunningConfig(ctx.rt.state));
};

const dir: Handler = async (ctx) => {
  const target = ctx.args.path?.trim() || ctx.rt.state.flash.device;
  const device = (deviceOf(target) ?? ctx.rt.state.flash.device).toLowerCase();
  if (!isFlashDevice(device)) {
    await ctx.io.write(`%Error opening ${device}/ (No such device)\n`);
    ctx.io.fail();
    return;
  }
  const name = fileNameOf(target) || undefined;
  const out = renderDir(ctx.rt.state, device.replace(/-\d:$/, ':'), ctx.rt.freeBytes(), name);
  if (out.startsWith('%Error')) ctx.io.fail();
  await ctx.io.write(out);
};

export function fileCommands(): GrammarNode<Handler>[] {
  return [
    kw<Handler>('write', writeMemory, kw('memory', writeMemory), kw('terminal', writeTerminal)),
    kw<Handler>('dir', dir, arg('path', 'line', dir)),
    copyCommand(),
    deleteCommand(),
    verifyCommand(),
  ];
}
