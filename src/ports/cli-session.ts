/**
 * How warroom talks to a device's CLI. The transport (src/transport) implements it over ssh2; the IOS-XE
 * driver (src/devices/iosxe) is written against it only.
 */
import type { WarroomError } from '../core/errors.js';

/** An interactive prompt the device may ask during one command, and what to answer. */
export interface PromptAnswer {
  /** Matches the prompt text at the end of the output so far, e.g. /\[confirm\]\s*$/. */
  match: RegExp;
  /** Sent followed by a newline. An empty string sends just the newline (accept the default). */
  answer: string;
  /** Answer at most this many times (default 1). */
  times?: number;
}

export interface CommandOptions {
  /** Longest silence allowed before the command fails with command_timeout (ms). */
  timeoutMs?: number;
  /** Interactive prompts this command is expected to ask; any other prompt stops it with unexpected_prompt. */
  prompts?: readonly PromptAnswer[];
  /** The command drops the session on success (reload, install activate): a close is the expected end. */
  expectDisconnect?: boolean;
}

/** One command's reply in `runReads`: its output (echo and prompt removed), or why it has none. */
export type ReadReply = { command: string; output: string } | { command: string; error: WarroomError };

export interface CliSession {
  /** The inventory name of the device this session is on. */
  readonly host: string;
  /** The device's prompt hostname as learnt at login. */
  readonly hostname: string;
  /**
   * Runs one command in privileged exec mode and returns its output with the echo and the trailing prompt
   * removed. `% Invalid ...` / `% Error ...` output throws a WarroomError `command_error` naming host and
   * command.
   */
  run(command: string, options?: CommandOptions): Promise<string>;
  /**
   * Runs several reads in order, as `run` would one by one, and gives each its own reply: the output, or
   * the error that command met (a `command_error` belongs to its command; the others go on). The transport
   * may type consecutive one-line `show`/`dir` commands ahead in one write (one round trip instead of one
   * per command); anything else still goes one at a time. A failure that ends the session (timeout, drop)
   * is the reply of the first command not answered, and the replies stop there: the rest were not run.
   */
  runReads(commands: readonly string[], options?: CommandOptions): Promise<ReadReply[]>;
  /** Enters config mode, sends each line, and returns to privileged exec; returns everything the device said. */
  configure(lines: readonly string[], options?: CommandOptions): Promise<string>;
  readonly closed: boolean;
  close(): Promise<void>;
}

export interface Credentials {
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  /** Enable secret; when absent the password is tried. */
  enableSecret?: string;
}

/** Where and how to reach one device. */
export interface DeviceTarget {
  /** Inventory name, used in errors and logs. */
  name: string;
  address: string;
  port: number;
  credentials: Credentials;
  /**
   * The device's SSH host key fingerprint (`SHA256:...`, as `ssh-keygen -lf` prints it). When set, any
   * other key is refused (host_key_mismatch); when absent, the first key seen is accepted and recorded.
   */
  hostKey?: string;
  /** Reach the device through this SSH host first (site jump host). */
  jumpHost?: { address: string; port: number; credentials: Credentials; hostKey?: string };
}

export interface OpenOptions {
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Connects to try before giving up (default: the transport's retry policy). A caller that polls on its
   * own, such as the wait after a reload, asks for 1.
   */
  attempts?: number;
}

export interface Transport {
  open(target: DeviceTarget, options?: OpenOptions): Promise<CliSession>;
}
