/**
 * `verify /md5 flash:FILE [hash]` and `verify /sha512 ...`: dots while the file is read (about 4 MB/s of the
 * file's size, as on a Catalyst 9000), then the digest, `Verified` or `%Error verifying`.
 */
import type { CommandContext, Handler } from '../cli/command-context.js';
import { arg, kw, type GrammarNode } from '../cli/grammar.js';
import { deviceOf, fileNameOf, isFlashDevice } from '../model/flash.js';

/** Bytes per device millisecond the verifier reads (~4 MB/s). */
export const SCAN_BYTES_PER_MS = (4 * 1024 * 1024) / 1000;
const DOTS = 60;

async function fail(ctx: CommandContext, text: string): Promise<void> {
  await ctx.io.write(text);
  ctx.io.fail();
}

const verifyHash =
  (algorithm: 'md5' | 'sha512'): Handler =>
  async (ctx) => {
    const { rt, io } = ctx;
    const path = ctx.args.path ?? '';
    const device = (deviceOf(path) ?? rt.state.flash.device).toLowerCase();
    const name = fileNameOf(path);
    const shown = `${device}${name}`;
    if (!isFlashDevice(device)) return fail(ctx, `%Error opening ${shown} (No such device)\n`);
    const file = rt.state.flash.files.get(name);
    if (!file || file.directory) return fail(ctx, `%Error opening ${shown} (No such file or directory)\n`);
    // Dots in a few bursts: progress a person can see, without a timer per dot.
    const bursts = 6;
    for (let i = 0; i < bursts; i++) {
      await rt.work(file.size / SCAN_BYTES_PER_MS / bursts, io.signal);
      await io.write('.'.repeat(DOTS / bursts));
    }
    await io.write('Done!\n');
    const digest = algorithm === 'md5' ? file.md5 : file.sha512;
    const expected = ctx.args.hash?.trim().toLowerCase();
    if (!expected) {
      await io.write(`verify /${algorithm} (${shown}) = ${digest}\n\n`);
      return;
    }
    if (expected === digest) {
      await io.write(`Verified (${shown}) = ${digest}\n\n`);
      return;
    }
    await fail(
      ctx,
      `%Error verifying ${shown}\nComputed signature = ${digest}\nSubmitted signature = ${expected}\n\n`,
    );
  };

export function verifyCommand(): GrammarNode<Handler> {
  return kw<Handler>(
    'verify',
    kw('/md5', arg('path', 'word', verifyHash('md5'), arg('hash', 'word', verifyHash('md5')))),
    kw('/sha512', arg('path', 'word', verifyHash('sha512'), arg('hash', 'word', verifyHash('sha512')))),
  );
}
