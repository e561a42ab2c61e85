/**
 * A run's hosts stage the same few images to the same few servers. Pushed concurrently, each would see no
 * file, upload its own copy, and the second rename onto the first would fail (and a lab image store may be
 * read while another host is still writing it). So pushes of one image to one server go one after the
 * other, and once one has found the server's copy good (uploaded or checked), the rest of the run takes
 * its word: the server is asked once per run, not once per host. Each local image is hashed once per run
 * too, whatever the number of servers. Scoped by an owner object the run's hosts share (its image store).
 */
import type { FileHashes } from './hash-file.js';
import { pushImage, type PushOptions, type PushResult } from './push-image.js';

interface RunMemo {
  /** The push in flight or done, per `server:port/path`. */
  pushes: Map<string, Promise<PushResult>>;
  /** Local digests by path, size and mtime (a file replaced under the run is hashed again). */
  hashes: Map<string, FileHashes>;
}

const memos = new WeakMap<object, RunMemo>();

function memoOf(owner: object): RunMemo {
  let memo = memos.get(owner);
  if (!memo) memos.set(owner, (memo = { pushes: new Map(), hashes: new Map() }));
  return memo;
}

/** pushImage, at most once per image and server for everything sharing `owner`, while it succeeds. */
export async function pushImageOncePerRun(owner: object, options: PushOptions): Promise<PushResult> {
  const memo = memoOf(owner);
  const { server, image } = options;
  const key = `${server.address}:${server.port}${server.path}/${image.file}`;
  const before = memo.pushes.get(key);
  const mine = (before ?? Promise.resolve(undefined))
    .catch(() => undefined)
    .then(async (earlier): Promise<PushResult> => {
      if (earlier && earlier.status !== 'failed' && earlier.data)
        return {
          step: 'push_image',
          status: 'skipped',
          changed: false,
          detail: `${server.name} holds ${earlier.data.remotePath} (found good earlier in this run)`,
          data: { ...earlier.data, bytes: 0, ms: 0, checkedBy: 'run' },
        };
      return pushImage({ ...options, localHashes: memo.hashes });
    });
  memo.pushes.set(key, mine);
  const result = await mine;
  // A failure is not remembered as the answer: the next host tries again.
  if (result.status === 'failed' && memo.pushes.get(key) === mine) memo.pushes.delete(key);
  return result;
}
