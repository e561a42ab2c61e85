/**
 * Writing a file over SFTP from chunks read elsewhere (hash-file.ts reads the image once for the digests
 * and for this): each chunk cut into writes of the size the server takes in one request, up to
 * `IN_FLIGHT` requests unanswered, as OpenSSH's scp does. ssh2's fastPut does the same from its own reads,
 * but with 32 KiB writes against ssh2's limit of 31 952 bytes for a server that does not say its own (the
 * lab's): every write went out as two requests, the second of 816 bytes, halving the throughput.
 */
import type { SFTPWrapper } from 'ssh2';

/** Requests unanswered at once: what OpenSSH's sftp and scp keep in flight. */
const IN_FLIGHT = 64;
/** ssh2's write limit when the server names none (34000 bytes less its 2 KiB allowance). */
const DEFAULT_MAX_WRITE = 31_952;

export interface SftpUpload {
  /** Sends a chunk at its position; resolves once its bytes are handed to ssh2 (copied: reuse the chunk). */
  write(chunk: Buffer, position: number): Promise<void>;
  /** Resolves when every write was answered; rejects with the first refusal. */
  finish(): Promise<void>;
}

/**
 * The most ssh2 puts in one write request to this server: its own limit, from the server's
 * limits@openssh.com answer or the server's kind. Not a public field, so read with care.
 */
export function maxWriteLength(sftp: SFTPWrapper): number {
  const limit = (sftp as unknown as { _maxWriteLen?: unknown })._maxWriteLen;
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 1024 ? limit : DEFAULT_MAX_WRITE;
}

export function startSftpUpload(sftp: SFTPWrapper, handle: Buffer): SftpUpload {
  const maxWrite = maxWriteLength(sftp);
  let inFlight = 0;
  let failure: Error | undefined;
  const waiting: (() => void)[] = [];
  const settle = (): void => {
    inFlight--;
    waiting.shift()?.();
  };
  const room = async (): Promise<void> => {
    while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  return {
    async write(chunk, position) {
      for (let offset = 0; offset < chunk.length; offset += maxWrite) {
        if (failure) throw failure;
        await room();
        inFlight++;
        sftp.write(
          handle,
          chunk,
          offset,
          Math.min(maxWrite, chunk.length - offset),
          position + offset,
          (err) => {
            if (err) failure ??= err;
            settle();
          },
        );
      }
    },
    async finish() {
      while (inFlight > 0) await new Promise<void>((resolve) => waiting.push(resolve));
      if (failure) throw failure;
    },
  };
}
