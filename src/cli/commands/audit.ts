/**
 * `warroom audit verify` and `warroom audit export --csv`: check and export the hash-chained audit log.
 * Both open the database read-only, so they are safe while the bot runs.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dbPathOf } from '../../config/index.js';
import { WarroomError } from '../../core/errors.js';
import {
  exportAuditCsv,
  openStore,
  parseAnchor,
  verifyAuditAnchors,
  verifyAuditChain,
  type AnchorClaim,
  type Store,
} from '../../store/index.js';
import type { CliCommand, CliContext } from '../command.js';

const USAGE = `warroom audit verify [--db PATH] [--anchor ID:HASH ...] [--json]
       warroom audit export --csv [--out FILE] [--db PATH]

  verify   walks the audit hash chain, then checks it against every anchor of its head kept outside the
           table (each run's record, the run reports beside the database, --anchor from a Slack summary)
           and the run logs' decisions against audit rows; exit 0 when intact, 1 naming what is wrong
  export   writes the audit log as RFC 4180 CSV to stdout, or to FILE with --out

  --db PATH  the database (default: $WARROOM_DB, else data/warroom.db, relative to the current directory)`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  out: { type: 'string' },
  anchor: { type: 'string', multiple: true },
} as const;

function parse(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new WarroomError('usage', `${(error as Error).message}\nusage: ${USAGE}`);
  }
}

function withStore<T>(path: string, fn: (store: Store) => T): T {
  const store = openStore(path, { readonly: true });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** Anchors from --anchor and from the run reports written beside the database (reports/RUN.json). */
function readAnchorClaims(dbPath: string, given: readonly string[]): AnchorClaim[] {
  const claims: AnchorClaim[] = [];
  for (const text of given) {
    const claim = parseAnchor(text, '--anchor');
    if (!claim)
      throw new WarroomError(
        'usage',
        `--anchor takes ID:HASH (a row id and its 64-hex hash), got '${text.slice(0, 80)}'`,
      );
    claims.push(claim);
  }
  const dir = join(dirname(dbPath), 'reports');
  if (!existsSync(dir)) return claims;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const report = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { auditAnchor?: unknown };
      const claim =
        typeof report.auditAnchor === 'string'
          ? parseAnchor(report.auditAnchor, `report ${name}`)
          : undefined;
      if (claim) claims.push(claim);
    } catch {
      // Not a run report: nothing to check against.
    }
  }
  return claims;
}

function runVerify(ctx: CliContext, dbPath: string, json: boolean, anchors: readonly string[]): number {
  const claims = readAnchorClaims(dbPath, anchors);
  const { result, anchored } = withStore(dbPath, (store) => ({
    result: verifyAuditChain(store),
    anchored: verifyAuditAnchors(store, claims),
  }));
  const ok = result.ok && anchored.ok;
  if (json) {
    ctx.io.stdout(`${JSON.stringify({ db: dbPath, ...result, ok, anchors: anchored })}\n`);
    return ok ? 0 : 1;
  }
  if (ok) {
    ctx.io.stdout(
      `audit log intact: ${result.rows} rows, head ${result.rows}:${result.headHash}; ` +
        `${anchored.anchors} anchors and ${anchored.decisions} run-log decisions agree\n`,
    );
    return 0;
  }
  const lines = [`audit log BROKEN in ${dbPath}`];
  for (const problem of anchored.problems) lines.push(`  ${problem.kind}: ${problem.message}`);
  if (result.firstBroken) {
    lines.push(`  first broken row: ${result.firstBroken.id} (${result.firstBroken.reason})`);
    lines.push(`  ${result.firstBroken.message}`);
    lines.push(`  rows before it verify; last good hash ${result.headHash}`);
  }
  if (result.missingTriggers.length > 0) {
    lines.push(
      `  protective triggers missing: ${result.missingTriggers.join(', ')} (dropped: the table can be edited)`,
    );
  }
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 1;
}

function runExport(ctx: CliContext, dbPath: string, out: string | undefined): number {
  withStore(dbPath, (store) => {
    if (out === undefined) {
      const rows = exportAuditCsv(store, ctx.io.stdout);
      ctx.io.stderr(`exported ${rows} audit rows\n`);
      return;
    }
    const file = isAbsolute(out) ? out : resolve(ctx.cwd, out);
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (error) {
      throw new WarroomError('config_invalid', `cannot write ${file}: ${(error as Error).message}`, {
        detail: 'Pass --out a path in a directory that exists and that you may write to.',
      });
    }
    try {
      const rows = exportAuditCsv(store, (chunk) => writeSync(fd, chunk));
      ctx.io.stderr(`exported ${rows} audit rows to ${file}\n`);
    } finally {
      closeSync(fd);
    }
  });
  return 0;
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'verify the hash-chained audit log, or export it as CSV',
  usage: USAGE,
  run: async (ctx) => {
    const { values, positionals } = parse(ctx.args);
    const [action, ...extra] = positionals;
    if (extra.length > 0 || (action !== 'verify' && action !== 'export')) {
      ctx.io.stderr(`usage: ${USAGE}\n`);
      return 2;
    }
    const dbPath = dbPathOf(ctx.config.config, values.db);
    if (action === 'verify') return runVerify(ctx, dbPath, values.json ?? false, values.anchor ?? []);
    if (!values.csv) {
      ctx.io.stderr(`warroom audit export: say the format (--csv is the one there is)\nusage: ${USAGE}\n`);
      return 2;
    }
    return runExport(ctx, dbPath, values.out);
  },
};
