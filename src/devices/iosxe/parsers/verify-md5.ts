/**
 * `verify /md5 flash:FILE [hash]`: the device prints progress dots, then either the digest
 * (`verify /md5 (flash:FILE) = <hex>`), or, given a hash to compare, `Verified (flash:FILE) = <hex>` or
 * `%Error verifying flash:FILE` with the computed and submitted signatures.
 */
import { outputError, outputLines, unexpected } from './text.js';

export interface VerifyMd5 {
  /** `flash:cat9k_iosxe.17.09.05.SPA.bin` as the device names it. */
  file: string;
  /** Lower-case hex digest the device computed; undefined only when a failed compare did not print it. */
  md5: string | undefined;
  /** Undefined without a hash argument; true for `Verified`, false for `%Error verifying`. */
  verified: boolean | undefined;
}

const DIGEST = /^(?:\.+)?(?:Done!)?\s*verify \/md5 \(([^)]+)\) = ([0-9a-fA-F]{32})$/;
const VERIFIED = /^(?:\.+)?(?:Done!)?\s*Verified \(([^)]+)\) = ([0-9a-fA-F]{32})$/;
const MISMATCH = /^(?:\.+)?(?:Done!)?\s*%Error verifying (\S+)$/;
const COMPUTED = /^Computed signature\s*=\s*([0-9a-fA-F]{32})$/;
const OPEN_ERROR = /^%Error opening (\S+) \((.+)\)$/;

/**
 * Parses `verify /md5`. A file the device cannot open throws `command_error` (the driver reports it as a
 * missing image); anything unreadable throws `unexpected_output`.
 */
export function parseVerifyMd5(text: string): VerifyMd5 {
  let result: VerifyMd5 | undefined;
  let computed: string | undefined;
  for (const raw of outputLines(text)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = DIGEST.exec(line))) result = { file: m[1]!, md5: m[2]!.toLowerCase(), verified: undefined };
    else if ((m = VERIFIED.exec(line))) result = { file: m[1]!, md5: m[2]!.toLowerCase(), verified: true };
    else if ((m = MISMATCH.exec(line))) result = { file: m[1]!, md5: undefined, verified: false };
    else if ((m = COMPUTED.exec(line))) computed = m[1]!.toLowerCase();
    else if ((m = OPEN_ERROR.exec(line))) {
      throw outputError('command_error', `verify /md5: cannot open ${m[1]!}: ${m[2]!}`, text);
    }
  }
  if (!result) unexpected('verify /md5: no digest, Verified or %Error verifying line', text);
  if (result.verified === false && computed) result.md5 = computed;
  return result;
}
