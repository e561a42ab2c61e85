/**
 * What a procedure may send to a device, checked before anything runs: every device-bound template is one
 * line (a newline would send a second, unapproved command), and a step that only reads (`command` unless
 * declared disruptive, `snapshot`, `watch`) starts with a read-only verb written out in the file. A
 * disruptive command needs `disruptive: true`, and then the approval rule of validate-procedure.ts. The
 * engine checks the rendered text again before sending (renderDeviceCommand). Pure.
 */
import { commandLineProblem, readOnlyProblem, type CommandProblem } from '../core/device-command.js';
import { isTemplated, parseTemplate } from './template.js';
import type { ProcedureInput } from './procedure-schema.js';
import type { StepInput } from './step-schema.js';
import type { ProcedureIssue } from './validate-procedure.js';

/** A template whose rendered text is sent to the device, and whether it must only read. */
interface DeviceText {
  path: (string | number)[];
  source: string;
  readOnly: boolean;
  /** A whole command (the verb comes first), not a part of one (a server, a file name, an answer). */
  command: boolean;
}

function deviceTexts(step: StepInput): DeviceText[] {
  const part = (path: (string | number)[], source: string | undefined): DeviceText[] =>
    source === undefined ? [] : [{ path, source, readOnly: false, command: false }];
  switch (step.kind) {
    case 'command': {
      const readOnly = !(step.disruptive ?? false);
      return [
        { path: ['command'], source: step.command, readOnly, command: true },
        ...step.prompts.flatMap((p, i) => part(['prompts', i, 'answer'], p.answer)),
      ];
    }
    case 'snapshot':
      return step.commands.map((c, i) => ({
        path: c.when === undefined ? ['commands', i] : ['commands', i, 'command'],
        source: c.command,
        readOnly: true,
        command: true,
      }));
    case 'watch':
      return step.commands.map((c, i) => ({ path: ['commands', i], source: c, readOnly: true, command: true }));
    case 'backup':
      return [...part(['server'], step.server), ...part(['path'], step.path)];
    case 'stage':
    case 'boot':
    case 'install':
      return part(['image'], step.image);
    default:
      return [];
  }
}

/** The literal text of a template up to its first variable: what is known before rendering. */
function literalPrefix(source: string): string {
  if (!isTemplated(source)) return source;
  try {
    const first = parseTemplate(source)[0];
    return first?.type === 'text' ? first.text : '';
  } catch {
    return source.slice(0, source.indexOf('{{'));
  }
}

function readOnlyIssue(text: DeviceText): CommandProblem | undefined {
  const prefix = literalPrefix(text.source);
  // The verb must be in the file, not in a variable: what an approver reads is what the device gets.
  if (!/^\s*\S+\s/.test(prefix) && prefix.trim() !== text.source.trim())
    return {
      reason: 'a read-only command must start with its verb written out, not with a variable',
      offset: prefix.length,
    };
  // A variable's value is checked once rendered; here it stands as a word of the same length, so a filter
  // inside it (`{{ host.name | upper }}`) is not read as an output filter and offsets stay true.
  return readOnlyProblem(text.source.replace(/\{\{[^}]*\}\}/g, (v) => 'x'.repeat(v.length)));
}

/** Every command rule a procedure breaks, at the field and the character. */
export function validateCommands(procedure: ProcedureInput): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  for (const section of ['steps', 'rollback'] as const) {
    procedure[section].forEach((step, index) => {
      for (const text of deviceTexts(step)) {
        const path = [section, index, ...text.path];
        const line = commandLineProblem(text.source);
        if (line) {
          issues.push({ path, message: line.reason, offset: line.offset });
          continue;
        }
        if (!text.command || !text.readOnly) continue;
        const readOnly = readOnlyIssue(text);
        if (readOnly)
          issues.push({
            path,
            message:
              step.kind === 'command'
                ? `${readOnly.reason}: a command step only reads unless it says disruptive: true (and then needs an approval before it); use the step kind made for the job (install, reload, save, backup, boot) where there is one`
                : `${readOnly.reason}: a ${step.kind} step only reads`,
            offset: readOnly.offset,
          });
      }
    });
  }
  return issues;
}
