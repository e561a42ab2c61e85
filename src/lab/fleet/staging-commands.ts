/**
 * The commands the lab's staging server runs over `exec`, as a Linux staging host would for warroom:
 * `md5sum -- PATH` and `sha512sum -- PATH` (one path, single-quoted or bare) on the staging directory,
 * nothing else. Anything else is `command not found` (127), like a shell without the command; a missing
 * file is the coreutils message and status 1.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ServerChannel } from 'ssh2';
import { virtualPath } from './sftp-directory.js';

const TOOLS = { md5sum: 'md5', sha512sum: 'sha512' } as const;

/** `TOOL -- 'path'` or `TOOL -- path` (no spaces): the tool and the path, or undefined. */
export function parseHashCommand(command: string): { tool: keyof typeof TOOLS; path: string } | undefined {
  const m = /^(md5sum|sha512sum)\s+(?:--\s+)?('(?:[^']|'\\'')*'|[^\s'"\\;&|$`<>]+)\s*$/.exec(command);
  if (!m) return undefined;
  const word = m[2]!;
  const path = word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
  return { tool: m[1] as keyof typeof TOOLS, path };
}

export function runStagingCommand(channel: ServerChannel, command: string, root: string): void {
  const finish = (code: number, stderr = ''): void => {
    if (stderr) channel.stderr.write(stderr);
    channel.exit(code);
    channel.end();
  };
  const parsed = parseHashCommand(command);
  if (!parsed) return finish(127, `sh: 1: ${command.split(/\s/)[0]}: not found\n`);
  const hash = createHash(TOOLS[parsed.tool]);
  const file = createReadStream(join(root, virtualPath(parsed.path)), { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => hash.update(chunk as Buffer));
  file.once('error', (error: NodeJS.ErrnoException) =>
    finish(
      1,
      `${parsed.tool}: ${parsed.path}: ${error.code === 'EISDIR' ? 'Is a directory' : 'No such file or directory'}\n`,
    ),
  );
  file.once('end', () => {
    channel.write(`${hash.digest('hex')}  ${parsed.path}\n`);
    finish(0);
  });
  // A client that hangs up mid-hash stops the read.
  channel.once('close', () => file.destroy());
}
