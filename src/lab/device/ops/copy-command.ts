/**
 * `copy`: save the configuration, back it up to TFTP/SCP, pull an image onto flash at the link's speed.
 */
import { createHash } from 'node:crypto';
import type { RemoteFileUrl } from '../../device-contract.js';
import type { CommandContext, Handler } from '../cli/command-context.js';
import { arg, kw, type GrammarNode } from '../cli/grammar.js';
import { fileNameOf, isFlashDevice, putFile, removeFile } from '../model/flash.js';
import { versionFromImageName } from '../model/packages.js';
import { runningConfigFile } from '../render/config-text.js';
import { cloneConfig } from '../model/config.js';
import { displayUrl, isBareProtocol, parseRemoteUrl } from './remote-url.js';
import { saveConfig } from './save-config.js';

/** Device time a TFTP/SCP backup waits before it gives up on a silent server. */
const BACKUP_TIMEOUT_MS = 30_000;
/** One `!` per this many bytes of an image. */
const BANG_BYTES = 64 * 1024;

const prefixOf = (word: string, full: string): boolean =>
  word.length > 0 && full.startsWith(word.toLowerCase().replace(/^(system|nvram):/, ''));

async function fail(ctx: CommandContext, text: string): Promise<void> {
  await ctx.io.write(text);
  ctx.io.fail();
}

const copy: Handler = async (ctx) => {
  const src = ctx.args.src ?? '';
  const dst = ctx.args.dst ?? '';
  const running = prefixOf(src.toLowerCase(), 'running-config');
  const startup = prefixOf(src.toLowerCase(), 'startup-config');
  if (running && prefixOf(dst.toLowerCase(), 'startup-config')) return copyRunStart(ctx);
  if (startup && prefixOf(dst.toLowerCase(), 'running-config')) return copyStartRun(ctx);
  if (running || startup) {
    const bare = isBareProtocol(dst);
    const url = parseRemoteUrl(dst);
    if (bare || url)
      return backupConfig(ctx, url ?? { protocol: bare ?? 'tftp', host: '', path: '' }, startup);
    return fail(ctx, `%Error opening ${dst} (Invalid argument)\n`);
  }
  const url = parseRemoteUrl(src);
  if (url && isFlashDevice(dst)) return pullImage(ctx, url, dst);
  const bare = isBareProtocol(src);
  if (bare && isFlashDevice(dst)) {
    const asked = await askSource(ctx, bare);
    return asked ? pullImage(ctx, asked, dst) : undefined;
  }
  return fail(ctx, '%Error: copy between these file systems is not supported by the lab device\n');
};

/** `copy scp: flash:`: the source comes from questions instead of a URL. */
async function askSource(
  ctx: CommandContext,
  protocol: RemoteFileUrl['protocol'],
): Promise<RemoteFileUrl | undefined> {
  const host = (await ctx.io.ask('Address or name of remote host []? ')).trim();
  if (!host) {
    await fail(ctx, '%Error parsing filename (Bad IP address or host name)\n');
    return undefined;
  }
  let username: string | undefined;
  if (protocol === 'scp' || protocol === 'sftp' || protocol === 'ftp') {
    username = (await ctx.io.ask(`Source username [${ctx.session.user}]? `)).trim() || ctx.session.user;
  }
  const path = (await ctx.io.ask('Source filename []? ')).trim();
  if (!path) {
    await fail(ctx, '%Error parsing filename (Invalid argument)\n');
    return undefined;
  }
  return {
    protocol,
    host,
    ...(username ? { username } : {}),
    path: path.startsWith('/') ? path : `/${path}`,
  };
}

async function copyRunStart(ctx: CommandContext): Promise<void> {
  const answer = await ctx.io.ask('Destination filename [startup-config]? ');
  if (answer.trim() && answer.trim() !== 'startup-config')
    return fail(ctx, `%Error opening nvram:${answer.trim()} (Permission denied)\n`);
  await ctx.io.write(saveConfig(ctx.rt));
}

async function copyStartRun(ctx: CommandContext): Promise<void> {
  await ctx.io.ask('Destination filename [running-config]? ');
  const { state } = ctx.rt;
  state.running = cloneConfig(state.startup);
  state.hostname = state.running.hostname;
  const size = Buffer.byteLength(runningConfigFile(state));
  await ctx.io.write(`${size} bytes copied in 0.121 secs (${Math.round(size / 0.121)} bytes/sec)\n`);
}

async function backupConfig(ctx: CommandContext, given: RemoteFileUrl, startup: boolean): Promise<void> {
  const { rt, io } = ctx;
  const hostAnswer = (await io.ask(`Address or name of remote host [${given.host}]? `)).trim();
  const host = hostAnswer || given.host;
  if (!host) return fail(ctx, '%Error parsing filename (Bad IP address or host name)\n');
  let username = given.username;
  if (given.protocol === 'scp' || given.protocol === 'sftp') {
    const userAnswer = (await io.ask(`Destination username [${given.username ?? ''}]? `)).trim();
    username = userAnswer || given.username;
  }
  const defaultName = given.path.replace(/^\//, '') || `${rt.state.hostname.toLowerCase()}-confg`;
  const nameAnswer = (await io.ask(`Destination filename [${defaultName}]? `)).trim();
  const name = nameAnswer || defaultName;
  const url: RemoteFileUrl = {
    ...given,
    host,
    ...(username ? { username } : {}),
    path: name.startsWith('/') ? name : `/${name}`,
  };
  const content = Buffer.from(
    startup ? runningConfigFile({ ...rt.state, running: rt.state.startup }) : runningConfigFile(rt.state),
  );
  const started = rt.now();
  if (rt.faults.fire('backup_fails')) {
    for (let i = 0; i < 5; i++) {
      await rt.work(BACKUP_TIMEOUT_MS / 5, io.signal);
      await io.write('.');
    }
    return fail(ctx, `\n%Error opening ${displayUrl(url)} (Timed out)\n`);
  }
  let written: number;
  try {
    if (url.protocol === 'scp') await io.write(`Writing ${name} `);
    written = await rt.fileServer.write(url, content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(ctx, `\n%Error opening ${displayUrl(url)} (${reason.replace(/^%Error[^(]*\(|\)$/g, '')})\n`);
  }
  await rt.work(200 + content.length / 50, io.signal);
  const secs = Math.max(0.001, (rt.now() - started) / 1000);
  await io.write(
    `${url.protocol === 'scp' ? '!' : '!!'}\n${written} bytes copied in ${secs.toFixed(3)} secs (${Math.round(written / secs)} bytes/sec)\n`,
  );
}

async function pullImage(ctx: CommandContext, url: RemoteFileUrl, dst: string): Promise<void> {
  const { rt, io } = ctx;
  const { state } = rt;
  const sourceName = url.path.split('/').pop() ?? '';
  const defaultName = fileNameOf(dst) || sourceName;
  const answer = (await io.ask(`Destination filename [${defaultName}]? `)).trim();
  const name = fileNameOf(answer || defaultName);
  if (!name) return fail(ctx, `%Error opening ${dst} (Invalid argument)\n`);
  if (state.flash.files.has(name)) {
    await io.write('%Warning:There is a file already existing with this name \n');
    if (!(await io.confirm('Do you want to over write? [confirm]'))) return;
  }
  const shown = displayUrl(url);
  const started = rt.now();
  let opened;
  try {
    opened = await rt.fileServer.read(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(ctx, `%Error opening ${shown} (${reason.replace(/^%Error[^(]*\(|\)$/g, '')})\n`);
  }
  const existing = state.flash.files.get(name)?.size ?? 0;
  if (opened.size > rt.freeBytes() + existing) {
    opened.stream.destroy();
    await rt.work(2000, io.signal);
    return fail(ctx, `%Error copying ${shown} (No space left on device)\n`);
  }
  const corrupt = rt.faults.fire('corrupt_transfer') !== undefined;
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  const kbps = state.host.lab.link_kbps;
  // A lab image the server vouches for is paced by its size, not read: a gigabyte is not hashed per copy.
  const known = opened.hashes;
  if (known) opened.stream.destroy();
  const chunks = known ? sizedChunks(opened.size) : (opened.stream as AsyncIterable<Buffer | string>);
  let received = 0;
  let bangs = 0;
  let line = '';
  try {
    for await (const chunk of chunks) {
      const buf = typeof chunk === 'number' ? undefined : Buffer.from(chunk);
      if (buf) {
        if (corrupt && received === 0 && buf.length > 64)
          buf[buf.length - 1] = (buf[buf.length - 1] ?? 0) ^ 0xff;
        md5.update(buf);
        sha512.update(buf);
      }
      const length = buf?.length ?? (chunk as number);
      received += length;
      // Pace the transfer by the link: bytes / (kB/s) = ms.
      await rt.work(length / kbps, io.signal);
      const due = Math.floor(received / BANG_BYTES) - bangs;
      for (let i = 0; i < due; i++) {
        line += '!';
        bangs++;
        if (line.length === 70) {
          await io.write(`${line}\n`);
          line = '';
        }
      }
      if (line) {
        await io.write(line);
        line = '';
      }
    }
  } catch (error) {
    opened.stream.destroy();
    if (io.signal.aborted) return;
    const reason = error instanceof Error ? error.message : String(error);
    return fail(ctx, `\n%Error copying ${shown} (${reason})\n`);
  }
  const hashes =
    known && !corrupt
      ? known
      : known
        ? {
            md5: createHash('md5').update(`corrupt:${name}`).digest('hex'),
            sha512: createHash('sha512').update(`corrupt:${name}`).digest('hex'),
          }
        : { md5: md5.digest('hex'), sha512: sha512.digest('hex') };
  const published = rt.catalogue.find((img) => img.md5 === hashes.md5);
  const named = rt.catalogue.find((img) => img.file === name || img.file === sourceName);
  const version = published?.version ?? versionFromImageName(name);
  removeFile(state.flash, name);
  putFile(state.flash, {
    name,
    size: received,
    mtime: rt.now(),
    ...hashes,
    ...(version ? { version } : {}),
    ...(named && !published ? { corrupt: true } : {}),
  });
  const secs = Math.max(0.001, (rt.now() - started) / 1000);
  await io.write(
    `\n${received} bytes copied in ${secs.toFixed(3)} secs (${Math.round(received / secs)} bytes/sec)\n`,
  );
}

/** The lengths of 1 MB chunks of `size` bytes: a transfer paced without its bytes. */
async function* sizedChunks(size: number): AsyncGenerator<number> {
  for (let at = 0; at < size; at += 1 << 20) yield Math.min(1 << 20, size - at);
}

export function copyCommand(): GrammarNode<Handler> {
  return kw<Handler>('copy', arg('src', 'word', arg('dst', 'word', copy)));
}
