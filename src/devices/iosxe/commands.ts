/**
 * IOS-XE command strings and the prompts they ask, as data (shared/IOSXE.md). The planner shows these exact
 * strings to approvers and the primitives send the same ones, so what was approved is what runs.
 */
import type { PromptAnswer } from '../../ports/cli-session.js';

/** `flash:` + `cat9k_iosxe.17.09.05.SPA.bin` -> `flash:cat9k_iosxe.17.09.05.SPA.bin`. */
export function flashPath(flash: string, file: string): string {
  return `${flash}${file}`;
}

export const SHOW = {
  version: 'show version',
  installSummary: 'show install summary',
  redundancy: 'show redundancy',
  switch: 'show switch',
  boot: 'show boot',
  logging: 'show logging',
  dir: (flash: string) => `dir ${flash}`,
} as const;

export const CMD = {
  writeMemory: 'write memory',
  installAdd: (path: string) => `install add file ${path}`,
  installActivate: (autoAbortMinutes?: number) =>
    autoAbortMinutes === undefined
      ? 'install activate'
      : `install activate auto-abort-timer ${autoAbortMinutes}`,
  installCommit: 'install commit',
  installOneShot: (path: string) => `install add file ${path} activate commit`,
  installIssu: (path: string) => `install add file ${path} activate issu commit`,
  installAbort: 'install abort',
  /**
   * Back to the base rollback point. `install rollback to committed` only undoes an uncommitted activation
   * (`install abort` does that too); once the new image is committed, the previous release is behind it.
   */
  installRollback: 'install rollback to base',
  installRemoveInactive: 'install remove inactive',
  verifyMd5: (path: string) => `verify /md5 ${path}`,
  deleteFile: (path: string) => `delete /force ${path}`,
  copyToFlash: (url: string, flash: string) => `copy ${url} ${flash}`,
  copyRunningTo: (url: string) => `copy running-config ${url}`,
  reload: 'reload',
} as const;

/** Config-mode lines that make the device boot `images` in order (first is used, the rest are fallbacks). */
export function bootSystemLines(paths: readonly string[], stack = false): string[] {
  const scope = stack ? 'switch all ' : '';
  return ['no boot system', ...paths.map((p) => `boot system ${scope}${p}`)];
}

/** `y` to every install `[y/n]` question (activate reloads; remove deletes files). */
export const INSTALL_PROMPTS: readonly PromptAnswer[] = [
  { match: /\[y\/n\]\s*$/i, answer: 'y', times: 4 },
  // Some releases ask with [confirm] before reloading a member.
  { match: /\[confirm\]\s*$/i, answer: '', times: 2 },
];

/** `copy <url> flash:` asks for the destination name (accept it) and, if it exists, whether to overwrite. */
export const COPY_IMAGE_PROMPTS: readonly PromptAnswer[] = [
  { match: /Destination filename \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Do you want to over ?write\? \[confirm\]\s*$/i, answer: '' },
  { match: /Address or name of remote host \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Source (?:user|username) \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Source filename \[[^\]]*\]\?\s*$/i, answer: '' },
];

/** `copy running-config <url>` asks for the host and file names, already in the URL: accept the defaults. */
export const COPY_BACKUP_PROMPTS: readonly PromptAnswer[] = [
  { match: /Address or name of remote host \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Destination (?:user|username) \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Destination filename \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Do you want to over ?write\? \[confirm\]\s*$/i, answer: '' },
];

/** `reload`: save a modified config (or not), then confirm, including the "proceed anyway" warning. */
export function reloadPrompts(saveConfig: boolean): PromptAnswer[] {
  return [
    { match: /Save\? \[yes\/no\]:\s*$/i, answer: saveConfig ? 'yes' : 'no' },
    { match: /Proceed with reload\? \[confirm\]\s*$/i, answer: '' },
    { match: /proceed with reload anyway\s*\[confirm\]\s*$/i, answer: '' },
    { match: /Destination filename \[startup-config\]\?\s*$/i, answer: '' },
  ];
}

/** `delete` may ask to confirm even with /force on some releases. */
export const DELETE_PROMPTS: readonly PromptAnswer[] = [
  { match: /Delete filename \[[^\]]*\]\?\s*$/i, answer: '' },
  { match: /Delete [^\s]+\? \[confirm\]\s*$/i, answer: '' },
];

/** Lines that mean an install operation failed although the command returned. */
export const INSTALL_FAILED = /^\s*FAILED:\s*(.*)$/im;
export const INSTALL_SUCCESS = /^\s*SUCCESS:\s*install_\w+/im;
export const INSTALL_BUSY = /operation is already in progress|another install operation/i;
export const INSTALL_ALREADY_ADDED = /Super package already added|Same Image File-No Change/i;
export const INSTALL_NO_SPACE = /requires \d+ ?KB of free space|No space left on device/i;
/** `N bytes copied in T secs (R bytes/sec)`. */
export const BYTES_COPIED = /(\d+) bytes copied in ([\d.]+) secs?/i;
