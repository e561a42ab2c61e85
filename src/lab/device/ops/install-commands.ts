/**
 * `install ...`: add, activate, commit, rollback, abort, remove.
 */
import type { Handler } from '../cli/command-context.js';
import type { GrammarNode } from '../cli/grammar.js';

export function installCommands(): GrammarNode<Handler>[] {
  return [];
}
