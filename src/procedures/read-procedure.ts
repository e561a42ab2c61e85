import { readSourceFile } from '../config/source-files.js';
import { memoizeParse } from '../core/parse-memo.js';
import { parseYamlSource, type SourceResult } from '../core/yaml-source.js';
import { procedureSchema, type Procedure } from './procedure-schema.js';

/**
 * Parses procedure YAML text. Every problem comes back as an issue with file, line, column and field
 * (`procedures/iosxe-upgrade.yml:42:7 steps[5].on_fail: expected abort | rollback | ask`), never thrown.
 */
export function parseProcedure(text: string, file: string): SourceResult<Procedure> {
  return parseYamlSource(text, file, procedureSchema);
}

const parseProcedureOnce = memoizeParse(parseProcedure);

/**
 * Reads and parses a procedure file; a missing file is an issue too. Read every time, parsed again only
 * when its text changed (the result is shared: read-only).
 */
export async function readProcedure(file: string): Promise<SourceResult<Procedure>> {
  const text = await readSourceFile(file);
  return text.ok ? parseProcedureOnce(text.value, file) : text;
}
