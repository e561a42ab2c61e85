import { readFile } from 'node:fs/promises';
import { parseYamlSource, type SourceResult } from '../core/yaml-source.js';
import { procedureSchema, type Procedure } from './procedure-schema.js';

/**
 * Parses procedure YAML text. Every problem comes back as an issue with file, line, column and field
 * (`procedures/iosxe-upgrade.yml:42:7 steps[5].on_fail: expected abort | rollback | ask`), never thrown.
 */
export function parseProcedure(text: string, file: string): SourceResult<Procedure> {
  return parseYamlSource(text, file, procedureSchema);
}

/** Reads and parses a procedure file; a missing file is an issue too. */
export async function readProcedure(file: string): Promise<SourceResult<Procedure>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message);
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: reason }] };
  }
  return parseProcedure(text, file);
}
