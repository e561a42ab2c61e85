/**
 * Getting an image onto the device's flash and proving it is the published one: free-space check, copy,
 * `verify /md5`. Staging is idempotent: a file already there with the right hash is left alone, a wrong or
 * partial one is deleted and copied again, and a copy that arrives corrupt is deleted before it can boot.
 */
import { WarroomError, isWarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { CliSession } from '../../ports/cli-session.js';
import { BYTES_COPIED, CMD, COPY_IMAGE_PROMPTS, DELETE_PROMPTS, flashPath } from './commands.js';
import type { DriverContext } from './context.js';
import type { FlashFile } from '../../ports/device-facts.js';
import { parseVerifyMd5 } from './parsers/verify-md5.js';
import { readFlash } from './probes.js';
import { StepRecorder, runStep, type StepResult } from './result.js';
import type { ImageRef, SpaceRule, StageData, StageSource } from '../../ports/device-driver.js';

export type { ImageRef, SpaceRule, StageData, StageSource };

export interface FlashCheck {
  flash: string;
  freeBytes: number;
  requiredBytes: number;
  /** The image is already on flash with the catalogue's size. */
  present: boolean;
}

/** Bytes still needed for `image` given what flash holds: an image already there counts as paid for. */
function requiredBytes(image: ImageRef, files: readonly FlashFile[], rule: SpaceRule = {}): number {
  const total = Math.ceil(image.size * (rule.factor ?? 1)) + (rule.marginBytes ?? 0);
  const present = files.some((f) => f.name === image.file && f.size === image.size);
  return Math.max(0, total - (present ? image.size : 0));
}

/** Reads `dir <flash>` and fails with `flash_insufficient` when the image would not fit. Changes nothing. */
export async function checkFlash(
  ctx: DriverContext,
  image: ImageRef,
  flash: string,
  rule: SpaceRule = {},
): Promise<StepResult<FlashCheck>> {
  return runStep(new StepRecorder(ctx.host, 'check_flash'), async (r) => {
    const listing = await readFlash(r, await ctx.session(), flash, ctx.timeouts.commandMs);
    const data: FlashCheck = {
      flash,
      freeBytes: listing.freeBytes,
      requiredBytes: requiredBytes(image, listing.files, rule),
      present: listing.files.some((f) => f.name === image.file && f.size === image.size),
    };
    if (data.freeBytes < data.requiredBytes) {
      return r.fail(
        'flash_insufficient',
        `${flash} has ${data.freeBytes} bytes free, ${data.requiredBytes} needed`,
        {
          data,
        },
      );
    }
    return r.ok(false, `${flash} has ${data.freeBytes} bytes free, ${data.requiredBytes} needed`, data);
  });
}

export interface Md5Check {
  path: string;
  expected: string;
  actual: string;
}

async function deviceMd5(
  r: StepRecorder,
  session: CliSession,
  path: string,
  timeoutMs: number,
): Promise<string> {
  const out = await r.run(session, CMD.verifyMd5(path), { timeoutMs });
  const md5 = parseVerifyMd5(out).md5;
  if (!md5)
    throw new WarroomError('unexpected_output', `verify /md5 printed no hash for ${path}`, { detail: out });
  return md5;
}

async function deleteFile(
  r: StepRecorder,
  session: CliSession,
  path: string,
  timeoutMs: number,
): Promise<void> {
  await r.run(session, CMD.deleteFile(path), { prompts: DELETE_PROMPTS, timeoutMs });
}

function isMissingFile(err: unknown): boolean {
  return isWarroomError(err) && /no such file|not found/i.test(`${err.message} ${err.detail ?? ''}`);
}

/**
 * `verify /md5 <flash>FILE` against the catalogue's MD5. A mismatch is `hash_mismatch`; with
 * `deleteOnMismatch` the bad file is deleted too. A missing file is `not_found`. Changes nothing otherwise.
 */
export async function verifyImage(
  ctx: DriverContext,
  image: ImageRef,
  flash: string,
  options: { deleteOnMismatch?: boolean } = {},
): Promise<StepResult<Md5Check>> {
  const r = new StepRecorder(ctx.host, 'verify_image');
  const path = flashPath(flash, image.file);
  return runStep(r, async () => {
    const session = await ctx.session();
    let actual: string;
    try {
      actual = await deviceMd5(r, session, path, ctx.timeouts.verifyMs);
    } catch (err) {
      if (isMissingFile(err)) return r.fail('not_found', `${path} is not on the device`);
      throw err;
    }
    const data: Md5Check = { path, expected: image.md5.toLowerCase(), actual };
    if (actual !== data.expected) {
      if (options.deleteOnMismatch) await deleteFile(r, session, path, ctx.timeouts.commandMs);
      return r.fail('hash_mismatch', `${path} has MD5 ${actual}, the catalogue publishes ${data.expected}`, {
        changed: options.deleteOnMismatch === true,
        data,
      });
    }
    return r.ok(false, `${path} MD5 ${actual} matches the catalogue`, data);
  });
}

/** The URL the device copies from; it carries the password, so only ever show it through `redact`. */
function stageUrl(source: StageSource, file: string): string {
  const user = source.username
    ? `${encodeURIComponent(source.username)}${source.password ? `:${source.password}` : ''}@`
    : '';
  const port = source.port ? `:${source.port}` : '';
  const dir = source.path.replace(/\/+$/, '');
  return `${source.protocol}://${user}${source.host}${port}${dir}/${file}`;
}

/**
 * Puts `image` on `flash` and proves it: skipped when the file is already there with the right MD5;
 * otherwise checks space (`flash_insufficient`, nothing copied), deletes any wrong or partial copy, copies
 * (`transfer_failed` on a device error or short copy, the partial file deleted), then verifies the MD5
 * (`hash_mismatch`, the bad file deleted).
 */
export async function stageImage(
  ctx: DriverContext,
  image: ImageRef,
  flash: string,
  source: StageSource,
  rule: SpaceRule = {},
): Promise<StepResult<StageData>> {
  registerSecret(source.password);
  const r = new StepRecorder(ctx.host, 'stage_image');
  const path = flashPath(flash, image.file);
  const expected = image.md5.toLowerCase();
  let changed = false;
  return runStep<StageData>(
    r,
    async () => {
      const session = await ctx.session();
      const listing = await readFlash(r, session, flash, ctx.timeouts.commandMs);
      const existing = listing.files.find((f) => f.name === image.file);
      let freeBytes = listing.freeBytes;
      if (existing) {
        if (existing.size === image.size) {
          const actual = await deviceMd5(r, session, path, ctx.timeouts.verifyMs);
          if (actual === expected) {
            return r.skipped(`${path} is already on the device with MD5 ${actual}`, {
              path,
              bytes: 0,
              md5: actual,
            });
          }
          r.note('stage_image', `${path} is there but its MD5 is ${actual}: deleting it and copying again`);
        } else {
          r.note(
            'stage_image',
            `${path} is there with ${existing.size} bytes, not ${image.size}: deleting it`,
          );
        }
        await deleteFile(r, session, path, ctx.timeouts.commandMs);
        changed = true;
        freeBytes += existing.size;
      }
      const needed = requiredBytes(image, [], rule);
      if (freeBytes < needed) {
        return r.fail(
          'flash_insufficient',
          `${flash} has ${freeBytes} bytes free, ${needed} needed; nothing copied`,
          {
            changed,
          },
        );
      }
      let out: string;
      try {
        out = await r.run(session, CMD.copyToFlash(stageUrl(source, image.file), flash), {
          prompts: COPY_IMAGE_PROMPTS,
          timeoutMs: ctx.timeouts.copyMs,
        });
      } catch (err) {
        await cleanupAfterFailedCopy(ctx, r, path);
        throw err;
      }
      changed = true;
      const m = BYTES_COPIED.exec(out);
      const bytes = m ? Number(m[1]) : 0;
      if (bytes !== image.size) {
        await deleteFile(r, session, path, ctx.timeouts.commandMs).catch(() => undefined);
        return r.fail(
          'transfer_failed',
          `copied ${bytes} bytes of ${image.size}; the partial file was deleted`,
          {
            changed,
            detail: out,
          },
        );
      }
      const seconds = m?.[2] === undefined ? undefined : Number(m[2]);
      const actual = await deviceMd5(r, session, path, ctx.timeouts.verifyMs);
      if (actual !== expected) {
        await deleteFile(r, session, path, ctx.timeouts.commandMs);
        return r.fail(
          'hash_mismatch',
          `${path} arrived with MD5 ${actual}, expected ${expected}; the bad file was deleted`,
          {
            changed,
            data: { path, bytes, md5: actual },
          },
        );
      }
      const data: StageData = { path, bytes, md5: actual };
      if (seconds !== undefined) data.seconds = seconds;
      return r.ok(
        true,
        `${bytes} bytes copied to ${path}${seconds ? ` in ${seconds} s` : ''}, MD5 verified`,
        data,
      );
    },
    {
      command_error: 'transfer_failed',
      command_timeout: 'transfer_failed',
      unexpected_prompt: 'transfer_failed',
    },
  ).then((res) => (res.status === 'failed' && changed ? { ...res, changed } : res));
}

/** After a failed copy, remove whatever partial file it left, if the session still works. */
async function cleanupAfterFailedCopy(ctx: DriverContext, r: StepRecorder, path: string): Promise<void> {
  try {
    const session = await ctx.session();
    const listing = await readFlash(r, session, path.slice(0, path.indexOf(':') + 1), ctx.timeouts.commandMs);
    if (listing.files.some((f) => path.endsWith(`:${f.name}`)))
      await deleteFile(r, session, path, ctx.timeouts.commandMs);
  } catch {
    // The session is gone or the device is busy; the next stage attempt deletes the partial file.
  }
}
