/**
 * `install ...`: add, activate, commit, rollback, abort, remove, auto-abort-timer. Options after the file
 * (`activate`, `issu`, `commit`, `auto-abort-timer N`, `prompt-level none`) are matched by prefix like any
 * other IOS words.
 */
import type { CommandContext, Handler } from '../cli/command-context.js';
import { arg, kw, tokenize, type GrammarNode } from '../cli/grammar.js';
import { fileNameOf } from '../model/flash.js';
import { installAdd } from './install-add.js';
import { installActivate, installCommit, offerSave, stopAutoAbort } from './install-activate.js';
import { fail, runInstallOp, type InstallOp } from './install-common.js';
import { activateIssu, issuRefusal } from './install-issu.js';
import { installAbort, installRemoveInactive, installRollback } from './install-remove.js';

const OPTIONS = ['activate', 'auto-abort-timer', 'commit', 'issu', 'prompt-level'] as const;

interface Parsed {
  path?: string;
  activate: boolean;
  issu: boolean;
  commit: boolean;
  autoAbort?: number;
  noPrompt: boolean;
}

/** Parses the words after `install add file` / `install activate`; undefined after printing a refusal. */
async function parseOptions(
  ctx: CommandContext,
  rest: string,
  withFile: boolean,
): Promise<Parsed | undefined> {
  // `rest` is always the tail of the typed line.
  const offset = ctx.line.trimEnd().length - rest.trimEnd().length;
  const tokens = tokenize(rest);
  const parsed: Parsed = { activate: false, issu: false, commit: false, noPrompt: false };
  const refuse = async (at: number): Promise<undefined> => {
    await ctx.io.write(
      `${' '.repeat(ctx.session.prompt().length + Math.max(0, offset) + at)}^\n% Invalid input detected at '^' marker.\n\n`,
    );
    ctx.io.fail();
    return undefined;
  };
  let i = 0;
  if (withFile) {
    const file = tokens[0];
    if (!file) return refuse(rest.length);
    parsed.path = file.text;
    i = 1;
  }
  for (; i < tokens.length; i++) {
    const tok = tokens[i] as { text: string; start: number };
    const hits = OPTIONS.filter((o) => o.startsWith(tok.text.toLowerCase()));
    if (hits.length !== 1) return refuse(tok.start);
    const option = hits[0];
    if (option === 'activate') parsed.activate = true;
    else if (option === 'issu') parsed.issu = true;
    else if (option === 'commit') parsed.commit = true;
    else if (option === 'auto-abort-timer') {
      const n = tokens[i + 1];
      if (!n || !/^\d+$/.test(n.text) || +n.text < 30 || +n.text > 1200)
        return refuse(n?.start ?? rest.length);
      parsed.autoAbort = Number(n.text);
      i++;
    } else if (option === 'prompt-level') {
      const n = tokens[i + 1];
      if (!n || !'none'.startsWith(n.text.toLowerCase())) return refuse(n?.start ?? rest.length);
      parsed.noPrompt = true;
      i++;
    }
  }
  return parsed;
}

/**
 * Runs an install operation that may end in a reload: `body` says whether it does (`reload`), whether it
 * printed its own ending (`quiet`, ISSU). The reload starts after the operation's lock is released; a shell
 * waits for the session to drop, exec returns first.
 */
async function runReloadingOp(
  op: InstallOp,
  detail: string,
  body: () => Promise<'reload' | 'quiet' | 'done'>,
): Promise<void> {
  let outcome = 'done' as 'reload' | 'quiet' | 'done';
  await runInstallOp(op, detail, async () => {
    outcome = await body();
    return outcome === 'quiet';
  });
  if (outcome !== 'reload') return;
  const down = op.ctx.rt.reload('Image Install');
  if (op.ctx.io.interactive) await down;
}

/** Activates an added version: in service for ISSU (which prints its own ending), else for a reload. */
async function activateVersion(op: InstallOp, version: string, p: Parsed): Promise<'reload' | 'quiet'> {
  if (p.issu) {
    await activateIssu(op, version);
    return 'quiet';
  }
  await installActivate(op, version, {
    commit: p.commit,
    ...(p.autoAbort ? { autoAbortMinutes: p.autoAbort } : {}),
  });
  return 'reload';
}

const add: Handler = async (ctx) => {
  const p = await parseOptions(ctx, ctx.args.rest ?? '', true);
  if (!p?.path) return;
  const path = p.path;
  if (!p.activate && (p.commit || p.issu)) {
    await ctx.io.write('% Incomplete command.\n\n');
    ctx.io.fail();
    return;
  }
  const name = ['install_add', p.activate ? 'activate' : '', p.commit ? 'commit' : '']
    .filter(Boolean)
    .join('_');
  const op: InstallOp = { ctx, name, noPrompt: p.noPrompt };
  const detail = `${ctx.rt.state.flash.device}${fileNameOf(path)}`;
  await runReloadingOp(op, p.issu ? `ISSU ${detail}` : `PACKAGE ${detail}`, async () => {
    // ISSU eligibility is checked before anything is added.
    const refusal = p.issu ? issuRefusal(ctx.rt) : undefined;
    if (refusal) return fail(op, refusal);
    if (p.activate) await offerSave(op);
    const version = await installAdd(op, path);
    return p.activate ? activateVersion(op, version, p) : 'done';
  });
};

const activate: Handler = async (ctx) => {
  const rest = ctx.args.rest ?? '';
  const hasFile = /^\s*file\b/i.test(rest);
  const p = await parseOptions(ctx, hasFile ? rest.replace(/^\s*file\s+/i, '') : rest, hasFile);
  if (!p) return;
  const { state } = ctx.rt;
  const op: InstallOp = {
    ctx,
    name: p.commit ? 'install_activate_commit' : 'install_activate',
    noPrompt: p.noPrompt,
  };
  await runReloadingOp(op, 'PACKAGE', async () => {
    await offerSave(op);
    const version = p.path
      ? state.flash.files.get(fileNameOf(p.path))?.version
      : state.install.images.find((i) => i.state === 'I')?.version;
    if (!version) return fail(op, 'No inactive package to activate. Use install add first');
    return activateVersion(op, version, p);
  });
};

const commit: Handler = async (ctx) => {
  const op: InstallOp = { ctx, name: 'install_commit', noPrompt: false };
  await runInstallOp(op, '', () => installCommit(op));
};

const rollback: Handler = async (ctx) => {
  const rest = (ctx.args.target ?? '').replace(/\s+prompt-level\s+none\s*$/i, '');
  const op: InstallOp = { ctx, name: 'install_rollback', noPrompt: rest !== (ctx.args.target ?? '') };
  await runReloadingOp(op, rest, async () => ((await installRollback(op, rest)) ? 'reload' : 'done'));
};

const abort: Handler = async (ctx) => {
  const op: InstallOp = { ctx, name: 'install_abort', noPrompt: /prompt-level\s+none/i.test(ctx.line) };
  await runReloadingOp(op, '', async () => ((await installAbort(op)) ? 'reload' : 'done'));
};

const removeInactive: Handler = async (ctx) => {
  const op: InstallOp = { ctx, name: 'install_remove', noPrompt: false };
  await runInstallOp(op, 'inactive', () => installRemoveInactive(op));
};

const stopTimer: Handler = async (ctx) => {
  const op: InstallOp = { ctx, name: 'install_auto_abort_timer', noPrompt: true };
  await runInstallOp(op, 'stop', () => stopAutoAbort(op));
};

export function installCommands(): GrammarNode<Handler>[] {
  return [
    kw<Handler>(
      'install',
      kw('add', kw('file', arg('rest', 'line', add))),
      kw('activate', activate, arg('rest', 'line', activate)),
      kw('commit', commit),
      kw('abort', abort, kw('prompt-level', kw('none', abort))),
      kw('rollback', kw('to', arg('target', 'line', rollback))),
      kw('remove', kw('inactive', removeInactive)),
      kw('auto-abort-timer', kw('stop', stopTimer)),
    ),
  ];
}
