/**
 * File and configuration commands: write, copy, dir, delete, verify.
 */
import type { Handler } from '../cli/command-context.js';
import { kw, type GrammarNode } from '../cli/grammar.js';
import { saveConfig } from './save-config.js';

const writeMemory: Handler = async (ctx) => {
  await ctx.io.write(saveConfig(ctx.rt));
};

export function fileCommands(): GrammarNode<Handler>[] {
  return [kw<Handler>('write', writeMemory, kw('memory', writeMemory))];
}
