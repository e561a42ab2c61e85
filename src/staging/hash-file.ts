/**
 * Size, MD5 and SHA512 of a local file in one read, the two digests computed side by side on two worker
 * threads: the main thread only reads (libuv does the I/O) and hands each chunk to both workers through
 * shared memory, so a 1 GB image costs the event loop little and takes as long as the slower digest, not
 * the sum of both. The same read can feed an upload (`onChunk`), so pushing an image reads it once. Small
 * files are hashed in place: starting two workers costs more than they would save. The pair of workers
 * is kept, idle and not holding the process open, for the next file: starting one takes about as long as
 * hashing 30 MB.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

export interface FileHashes {
  size: number;
  md5: string;
  sha512: string;
}

/** Below this, the digests are computed on the calling thread. */
const WORKER_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** Chunks in flight: reading the next while the ones before are hashed (and sent). */
const SLOTS = 4;
const CHUNK_BYTES = 1024 * 1024;

/**
 * The worker's whole program: a digest fed from shared chunks, each acknowledged so the reader can reuse
 * its slot. Plain JavaScript evaluated in the worker, so it runs the same from the sources (tsx, vitest)
 * and from the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const slots = workerData.slots.map((b) => new Uint8Array(b));
let hash;
parentPort.on('message', (m) => {
  if (m.begin) return void (hash = createHash(workerData.algorithm));
  if (m.end) return parentPort.postMessage({ digest: hash.digest('hex') });
  hash.update(slots[m.slot].subarray(0, m.length));
  parentPort.postMessage({ slot: m.slot });
});`;

/** Takes one chunk of the file, at its position; the chunk's memory is reused once the promise settles. */
export type ChunkConsumer = (chunk: Buffer, position: number) => Promise<void>;

export interface ReadOnceOptions {
  /** Compute MD5 and SHA512 (default true); false when they are known and only `onChunk` needs the bytes. */
  digests?: boolean;
  onChunk?: ChunkConsumer;
  /** `auto` (default): worker threads for a large file; `this-thread`: never (the baseline). */
  threads?: 'auto' | 'this-thread';
}

export async function hashLocalFile(path: string): Promise<FileHashes> {
  return (await readOnce(path, {})) as FileHashes;
}

/** The digests on this thread, whatever the size: the baseline the workers are measured against. */
export async function hashInPlace(path: string): Promise<FileHashes> {
  return (await readOnce(path, { threads: 'this-thread' })) as FileHashes;
}

/**
 * Reads `path` from start to end once, in order, each chunk to the digests and to `onChunk`. Resolves with
 * the size, and the digests unless `digests: false`; rejects when the read, a digest or `onChunk` fails.
 */
export async function readOnce(
  path: string,
  options: ReadOnceOptions,
): Promise<FileHashes | { size: number }> {
  const file = await open(path, 'r');
  let pair: DigestPair | undefined;
  let done = false;
  try {
    const { size } = await file.stat();
    const wanted = options.digests ?? true;
    const inPlace = options.threads === 'this-thread' || size < WORKER_THRESHOLD_BYTES;
    if (wanted && !inPlace) pair = takePair();
    const slots: readonly ArrayBufferLike[] =
      pair?.slots ?? Array.from({ length: SLOTS }, () => new ArrayBuffer(CHUNK_BYTES));
    const digests = !wanted ? undefined : pair ? pairDigests(pair) : inPlaceDigests(slots);
    const busy = new Array<Promise<void> | undefined>(SLOTS);
    let position = 0;
    for (let slot = 0; ; slot = (slot + 1) % SLOTS) {
      await busy[slot];
      const view = Buffer.from(slots[slot]!);
      const { bytesRead } = await file.read(view, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const work = Promise.all([
        digests?.update(slot, bytesRead),
        options.onChunk?.(view.subarray(0, bytesRead), position),
      ]).then(() => undefined);
      // A failure is thrown where the slot is awaited next; until then it is not unhandled.
      work.catch(() => undefined);
      busy[slot] = work;
      position += bytesRead;
    }
    await Promise.all(busy.filter((b): b is Promise<void> => b !== undefined));
    const result = digests ? { size: position, ...(await digests.finish()) } : { size: position };
    done = true;
    return result;
  } finally {
    // Workers left mid-file (a failed read or upload) may still answer for it: they are not reused.
    if (pair) givePair(pair, done);
    await file.close();
  }
}

interface Digests {
  /** Resolves when the slot's bytes are in both digests. */
  update(slot: number, length: number): Promise<void>;
  finish(): Promise<{ md5: string; sha512: string }>;
}

function inPlaceDigests(slots: readonly ArrayBufferLike[]): Digests {
  const md5: Hash = createHash('md5');
  const sha512: Hash = createHash('sha512');
  return {
    update: (slot, length) => {
      const bytes = new Uint8Array(slots[slot]!, 0, length);
      md5.update(bytes);
      sha512.update(bytes);
      return Promise.resolve();
    },
    finish: () => Promise.resolve({ md5: md5.digest('hex'), sha512: sha512.digest('hex') }),
  };
}

/** Two digest workers and the shared chunks they read. */
interface DigestPair {
  slots: SharedArrayBuffer[];
  md5: DigestWorker;
  sha512: DigestWorker;
}

/** The pair that finished last, waiting for the next file. */
let idlePair: DigestPair | undefined;

/** The idle pair, or a new one when there is none (a second file hashed at the same time). */
function takePair(): DigestPair {
  const idle = idlePair;
  idlePair = undefined;
  // An idle worker that died meanwhile is replaced, its partner stopped.
  const pair = idle && healthy(idle) ? idle : newPair();
  if (idle && idle !== pair) stopPair(idle);
  pair.md5.hold(true);
  pair.sha512.hold(true);
  return pair;
}

/** Keeps a pair that finished its file cleanly (one at most); stops any other. */
function givePair(pair: DigestPair, clean: boolean): void {
  if (!clean || idlePair || !healthy(pair)) return stopPair(pair);
  pair.md5.hold(false);
  pair.sha512.hold(false);
  idlePair = pair;
}

function healthy(pair: DigestPair): boolean {
  return pair.md5.healthy() && pair.sha512.healthy();
}

function stopPair(pair: DigestPair): void {
  void pair.md5.stop();
  void pair.sha512.stop();
}

function newPair(): DigestPair {
  const slots = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(CHUNK_BYTES));
  return { slots, md5: startDigestWorker('md5', slots), sha512: startDigestWorker('sha512', slots) };
}

function pairDigests(pair: DigestPair): Digests {
  pair.md5.begin();
  pair.sha512.begin();
  return {
    update: (slot, length) =>
      Promise.all([pair.md5.hash(slot, length), pair.sha512.hash(slot, length)]).then(() => {}),
    finish: async () => {
      const [m, s] = await Promise.all([pair.md5.digest(), pair.sha512.digest()]);
      return { md5: m, sha512: s };
    },
  };
}

interface DigestWorker {
  /** Starts a new digest (a file). */
  begin(): void;
  hash(slot: number, length: number): Promise<void>;
  digest(): Promise<string>;
  /** Whether the worker runs and has not failed. */
  healthy(): boolean;
  /** Holds the process open while a file is being hashed; an idle worker does not. */
  hold(busy: boolean): void;
  stop(): Promise<number>;
}

function startDigestWorker(algorithm: 'md5' | 'sha512', slots: readonly SharedArrayBuffer[]): DigestWorker {
  // No inherited flags: a loader the process was started with (tsx) would load again in each worker.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { algorithm, slots } });
  const waiting = new Map<number, () => void>();
  let onDigest: ((digest: string) => void) | undefined;
  let failure: Error | undefined;
  let stopping = false;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const done of waiting.values()) done();
    waiting.clear();
    onDigest?.('');
  };
  worker.on('message', (m: { slot?: number; digest?: string }) => {
    if (m.digest !== undefined) return onDigest?.(m.digest);
    if (m.slot === undefined) return;
    const done = waiting.get(m.slot);
    waiting.delete(m.slot);
    done?.();
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (!stopping) failAll(new Error(`the ${algorithm} worker exited with ${code}`));
  });
  const check = (): void => {
    if (failure) throw failure;
  };
  return {
    begin: () => worker.postMessage({ begin: true }),
    hash: (slot, length) =>
      new Promise<void>((resolve) => {
        waiting.set(slot, resolve);
        worker.postMessage({ slot, length });
      }).then(check),
    digest: () =>
      new Promise<string>((resolve) => {
        onDigest = resolve;
        worker.postMessage({ end: true });
      }).then((digest) => (check(), digest)),
    healthy: () => !failure && !stopping,
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    stop: () => {
      stopping = true;
      return worker.terminate();
    },
  };
}
