/**
 * `warroom check` across files: each window of a windows file against the inventory, its procedure file and
 * the image catalogue, through the same validateRunInputs that `warroom run` calls before a run starts.
 * Every issue lands on the window's own line in the windows file.
 */
import { resolve } from 'node:path';
import { type SourceIssue, type SourceResult } from '../core/yaml-source.js';
import { locateIssues } from '../core/yaml-source.js';
import { validateRunInputs, type MaintenanceWindow, type RunInputIssue } from '../engine/index.js';
import type { CatalogueImage, Inventory } from '../inventory/schema.js';
import type { Procedure } from '../procedures/index.js';

/** A file the windows are checked against: its value when it was read and valid. */
export interface Reference<T> {
  file: string;
  value: T | undefined;
}

export interface CrossCheckContext {
  cwd: string;
  inventory: Reference<Inventory>;
  catalogue: Reference<readonly CatalogueImage[]>;
  /** Reads a procedure file (absolute path); results are shared between windows naming the same file. */
  readProcedure: (path: string) => Promise<SourceResult<Procedure>>;
}

/** Issues of a valid windows file when checked against the inventory, procedures and catalogue. */
export async function crossCheckWindows(
  text: string,
  file: string,
  windows: readonly MaintenanceWindow[],
  ctx: CrossCheckContext,
): Promise<SourceIssue[]> {
  const { inventory, catalogue } = ctx;
  const found: RunInputIssue[] = [];
  const at = (index: number, issue: RunInputIssue): RunInputIssue => ({
    path: ['windows', index, ...issue.path],
    message: issue.message,
  });
  const unusable = [inventory, catalogue].filter((r) => r.value === undefined).map((r) => r.file);
  if (unusable.length)
    found.push({
      path: [],
      message: `hosts and targets not checked: ${unusable.join(' and ')} ${unusable.length > 1 ? 'are' : 'is'} missing or invalid`,
    });
  for (const [index, window] of windows.entries()) {
    const result = await ctx.readProcedure(resolve(ctx.cwd, window.procedure));
    if (!result.ok) {
      const missing = result.issues.length === 1 && result.issues[0]!.message === 'no such file';
      found.push(
        at(index, {
          path: ['procedure'],
          message: missing
            ? `no such procedure file ${window.procedure}`
            : `procedure ${window.procedure} is invalid (${result.issues.length} errors: warroom check ${window.procedure})`,
        }),
      );
    }
    if (inventory.value && catalogue.value)
      for (const issue of validateRunInputs({
        window,
        inventory: inventory.value,
        catalogue: catalogue.value,
        procedure: result.ok ? result.value : undefined,
      }))
        found.push(at(index, issue));
  }
  return locateIssues(text, file, found);
}
