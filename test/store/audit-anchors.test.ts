/**
 * Rows cut off the end of the audit log: the chain alone still verifies, the anchors kept outside it (the
 * run record, the report, --anchor from the Slack summary) and the run log's decisions show the cut.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runWarroom } from '../helpers/cli.js';
import { openStore, verifyAuditAnchors, verifyAuditChain, type Store } from '../../src/store/index.js';
import { createTempDir } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
function runWithDecisions(decisions: number): { path: string; store: Store } {
  const path = join(tmp.dir, `anchors-${++n}`, 'warroom.db');
  const store = openStore(path);
  store.runs.create({ id: 'run-1', procedureName: 'p', procedureHash: 'h', policy: {} });
  for (let i = 1; i <= decisions; i++) {
    const key = `run-1:r1:main/gate:${i}`;
    store.audit.append({
      actor: 'dana',
      via: 'terminal',
      action: 'gate',
      key,
      runId: 'run-1',
      host: 'r1',
      outcome: 'approved',
    });
    store.events.append({
      runId: 'run-1',
      host: 'r1',
      step: 'main/gate',
      kind: 'decision',
      payload: { type: 'decision', key, approved: true, by: ['dana'] },
    });
  }
  return { path, store };
}

function cut(path: string, fromId: number): void {
  const raw = new Database(path);
  raw.exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= ${fromId};`);
  raw.close();
}

async function verify(path: string, args: string[] = []): Promise<{ code: number; out: string }> {
  const r = await runWarroom(['audit', 'verify', '--db', path, ...args], { cwd: tmp.dir });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('audit anchors', () => {
  it('each decision about a run anchors the head in the run record', () => {
    const { store } = runWithDecisions(3);
    const head = store.audit.head()!;
    expect(store.runs.get('run-1')!.auditAnchor).toMatchObject({ id: 3, hash: head.hash });
    expect(verifyAuditAnchors(store)).toMatchObject({ ok: true, anchors: 1, decisions: 3 });
    store.close();
  });

  it('rows cut off the end: the chain still verifies, the anchor and the run log show the cut', async () => {
    const { path, store } = runWithDecisions(4);
    store.close();
    cut(path, 3);
    const reopened = openStore(path, { readonly: true });
    expect(verifyAuditChain(reopened).firstBroken).toBeUndefined(); // the prefix still chains
    const anchored = verifyAuditAnchors(reopened);
    reopened.close();
    expect(anchored.ok).toBe(false);
    expect(anchored.problems[0]).toMatchObject({
      kind: 'cut',
      message: expect.stringMatching(
        /^rows 3\.\.4 are missing from the end of the log: run run-1 anchored row 4/,
      ),
    });
    expect(anchored.problems.filter((p) => p.kind === 'decision_missing')).toHaveLength(2);
    const cli = await verify(path);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('cut: rows 3..4 are missing');
  });

  it('every row gone, and the run record wiped too: the anchor from the report or Slack still shows it', async () => {
    const { path, store } = runWithDecisions(2);
    const head = store.audit.head()!;
    store.close();
    // A report written beside the database carries the anchor.
    await mkdir(join(path, '..', 'reports'), { recursive: true });
    await writeFile(
      join(path, '..', 'reports', 'run-1.json'),
      JSON.stringify({ auditAnchor: `${head.id}:${head.hash}` }),
    );
    const raw = new Database(path);
    raw.exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit; UPDATE runs SET audit_anchor = NULL;`);
    raw.close();
    const fromReport = await verify(path);
    expect(fromReport.code).toBe(1);
    expect(fromReport.out).toContain('report run-1.json anchored row 2');
    const fromSlack = await verify(path, ['--anchor', `${head.id}:${head.hash}`]);
    expect(fromSlack.out).toContain('--anchor anchored row 2');
  });

  it('a row rewritten under an anchor is named; a malformed --anchor is a usage error', async () => {
    const { path, store } = runWithDecisions(1);
    store.close();
    const other = await verify(path, ['--anchor', `1:${'ab'.repeat(32)}`]);
    expect(other.code).toBe(1);
    expect(other.out).toContain('rewritten: row 1 is not the row --anchor anchored');
    expect((await verify(path, ['--anchor', 'nonsense'])).code).toBe(2);
    expect((await verify(path)).code).toBe(0);
  });
});
