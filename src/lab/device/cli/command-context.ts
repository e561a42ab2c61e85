/**
 * What a command handler gets: its device, its session, its arguments, and an `io` for output and the
 * interactive questions IOS asks (`Destination filename [x]?`, `[confirm]`, `[y/n]`).
 */
import type { DeviceRuntime } from '../runtime.js';

export type CliMode =
  'user' | 'exec' | 'config' | 'config-if' | 'config-router' | 'config-line' | 'config-vrf' | 'config-red';

export interface CommandIo {
  /** Writes output (LF line ends), through the pager in a shell. */
  write(text: string): Promise<void>;
  /** Asks a question and reads a line (echoed, or not for `secret`); exec answers with the default ''. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  /** `[confirm]`: one key; Enter or y confirms. Exec confirms. */
  confirm(question: string): Promise<boolean>;
  /** Marks the command as failed (exec exit status 1). */
  fail(): void;
  /** Turns ` --More-- ` off for this command (progress output of copy/install is not paged). */
  unpaged?(): void;
  readonly interactive: boolean;
  /** Aborted when the session goes away. */
  readonly signal: AbortSignal;
}

export interface SessionControl {
  mode: CliMode;
  /** The interface / router / line a config sub-mode edits. */
  target?: string;
  /** `terminal length`: undefined until set (the pty rows apply). */
  termLength?: number;
  termWidth: number;
  monitor: boolean;
  readonly user: string;
  /** `vty0 (127.0.0.1)`: where `%SYS-5-CONFIG_I` says the change came from. */
  readonly origin: string;
  /** The line the session holds (`vty0`), as `show users` lists it. */
  readonly line: string;
  prompt(): string;
  /** Ends the session after this command (exit, logout). */
  close(): void;
}

export type Handler = (ctx: CommandContext) => Promise<void>;

export interface CommandContext {
  rt: DeviceRuntime;
  io: CommandIo;
  session: SessionControl;
  args: Record<string, string>;
  /** The line as typed. */
  line: string;
  /** The line's words with keywords spelled out (`show ip interface brief`). */
  words: string[];
}
