import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  canonicalJson,
  computeAuditHash,
  exportAuditCsv,
  openStore,
  renderCsvField,
  renderCsvRecord,
  sha256Hex,
  verifyAuditChain,
} from '../../src/store/index.js';
import { createTempDir, openTestStore } from './helpers.js';
import type { AuditEntry } from '../../src/ports/audit.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());

function decision(i: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actor: `U${i}`,
    actorName: `Person ${i}`,
    via: 'slack',
    channel: 'C0OPS',
    messageTs: `1700000000.00${i}`,
    action: 'approve',
    key: `run-1:acme-nyc-acc01:install-activate:${i}`,
    runId: 'run-1',
    host: 'acme-nyc-acc01',
    step: 'install-activate',
    shown: { commands: ['install add file flash:x.bin activate commit'], rollback: ['install rollback'] },
    outcome: 'approved',
    ...extra,
  };
}

/** A store with `n` audit rows, closed; returns its path. */
function storeWithRows(n: number): string {
  const { store, path, clock } = openTestStore(tmp.dir);
  for (let i = 1; i <= n; i++) {
    store.audit.append(decision(i));
    void clock.advance(1000);
  }
  store.close();
  return path;
}

/** Tampering as an attacker with file access would: a second connection, triggers dropped. */
function tamper(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  raw.exec(sql);
  raw.close();
}

function verify(path: string): ReturnType<typeof verifyAuditChain> {
  const store = openStore(path, { readonly: true });
  try {
    return verifyAuditChain(store);
  } finally {
    store.close();
  }
}

describe('audit log', () => {
  it('chains each row to the previous one: hash = sha256(prev_hash + canonical JSON of the row)', () => {
    const { store } = openTestStore(tmp.dir);
    const first = store.audit.append(decision(1));
    const second = store.audit.append(decision(2, { via: 'terminal', origin: 'dana@ops-laptop pts/3' }));
    expect(first.id).toBe(1);
    expect(first.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.origin).toBe('dana@ops-laptop pts/3');
    // Recompute row 1 by hand from the stored columns, NULL columns left out.
    const row = store.db.prepare<[], Record<string, unknown>>('SELECT * FROM audit WHERE id = 1').get() ?? {};
    const hashed = Object.fromEntries(
      Object.entries(row).filter(([k, v]) => v !== null && k !== 'hash' && k !== 'prev_hash'),
    );
    expect(first.hash).toBe(sha256Hex(AUDIT_GENESIS_HASH + canonicalJson(hashed)));
    expect(computeAuditHash(AUDIT_GENESIS_HASH, row)).toBe(first.hash);
    expect(store.audit.head()).toEqual({ id: 2, hash: second.hash });
    expect(store.audit.list({ runId: 'run-1' })).toHaveLength(2);
    expect(store.audit.list({ key: decision(2).key ?? '' })[0]?.shown).toEqual(decision(2).shown);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    const result = verifyAuditChain(store);
    expect(result).toEqual({
      ok: true,
      rows: 2,
      headHash: second.hash,
      firstBroken: undefined,
      missingTriggers: [],
    });
    store.close();
  });

  it('an empty log verifies', () => {
    const { store } = openTestStore(tmp.dir);
    expect(verifyAuditChain(store)).toMatchObject({ ok: true, rows: 0, headHash: AUDIT_GENESIS_HASH });
    store.close();
  });

  it('triggers refuse UPDATE, DELETE and a row that does not extend the chain', () => {
    const { store } = openTestStore(tmp.dir);
    store.audit.append(decision(1));
    expect(() => store.db.prepare("UPDATE audit SET outcome = 'rejected'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO audit (id, at, actor, via, action, outcome, prev_hash, hash)
           VALUES (2, 'x', 'me', 'terminal', 'approve', 'approved', ?, ?)`,
        )
        .run(AUDIT_GENESIS_HASH, 'f'.repeat(64)),
    ).toThrow(/extend the hash chain/);
    store.close();
  });

  it('detects an edited row and names it', () => {
    const path = storeWithRows(5);
    tamper(path, "UPDATE audit SET outcome = 'approved', actor = 'U999' WHERE id = 3");
    const result = verify(path);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ id: 3, reason: 'edited' });
    expect(result.missingTriggers).toEqual(['audit_no_update', 'audit_no_delete']);
    expect(result.rows).toBe(5);
  });

  it('detects a deleted row and names the missing id', () => {
    const path = storeWithRows(5);
    tamper(path, 'DELETE FROM audit WHERE id = 2');
    expect(verify(path).firstBroken).toMatchObject({ id: 2, reason: 'missing' });
    const first = storeWithRows(3);
    tamper(first, 'DELETE FROM audit WHERE id = 1');
    expect(verify(first).firstBroken).toMatchObject({ id: 1, reason: 'missing' });
  });

  it('detects a row rewritten with a recomputed hash at the next row', () => {
    const path = storeWithRows(4);
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_no_update');
    const row = raw.prepare<[], Record<string, unknown>>('SELECT * FROM audit WHERE id = 2').get() ?? {};
    const forged = { ...row, outcome: 'rejected' };
    raw
      .prepare('UPDATE audit SET outcome = ?, hash = ? WHERE id = 2')
      .run('rejected', computeAuditHash(String(row.prev_hash), forged));
    raw.close();
    expect(verify(path).firstBroken).toMatchObject({ id: 3, reason: 'relinked' });
  });

  it('detects rows renumbered to hide a deletion', () => {
    const path = storeWithRows(4);
    tamper(path, 'DELETE FROM audit WHERE id = 2; UPDATE audit SET id = id - 1 WHERE id > 2;');
    // Row 2 is now the old row 3: its id no longer matches its hash, and its link skips a row.
    expect(verify(path).firstBroken?.id).toBe(2);
  });

  it('reports dropped triggers even when every row still verifies', () => {
    const path = storeWithRows(2);
    tamper(path, 'SELECT 1');
    const result = verify(path);
    expect(result.firstBroken).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.missingTriggers).toEqual(['audit_no_update', 'audit_no_delete']);
  });

  it('verifies while another connection appends (one read snapshot)', () => {
    const path = storeWithRows(3);
    const writer = openStore(path);
    const reader = openStore(path, { readonly: true });
    writer.audit.append(decision(4));
    expect(verifyAuditChain(reader)).toMatchObject({ ok: true, rows: 4 });
    writer.close();
    reader.close();
  });
});

describe('audit CSV export (RFC 4180)', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(renderCsvField('plain')).toBe('plain');
    expect(renderCsvField('a,b')).toBe('"a,b"');
    expect(renderCsvField('say "yes"')).toBe('"say ""yes"""');
    expect(renderCsvField('line1\nline2')).toBe('"line1\nline2"');
    expect(renderCsvField('cr\rhere')).toBe('"cr\rhere"');
    expect(renderCsvField(null)).toBe('');
    expect(renderCsvField(42)).toBe('42');
    expect(renderCsvRecord(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });

  it('exports a header and every row as stored, parseable back to the same values', () => {
    const { store } = openTestStore(tmp.dir);
    store.audit.append(decision(1, { reason: 'looks good, "ship it"\nsecond line' }));
    store.audit.append(decision(2, { outcome: 'rejected', shown: undefined }));
    let csv = '';
    expect(exportAuditCsv(store, (chunk) => (csv += chunk))).toBe(2);
    const records = parseCsv(csv);
    expect(records[0]?.slice(0, 3)).toEqual(['id', 'at', 'actor']);
    expect(records.at(-1)?.length).toBe(records[0]?.length);
    expect(records).toHaveLength(3);
    const header = records[0] ?? [];
    const row1 = Object.fromEntries(header.map((h, i) => [h, records[1]?.[i]]));
    expect(row1.reason).toBe('looks good, "ship it"\nsecond line');
    expect(row1.at).toBe('2026-06-01T00:00:00.000Z');
    expect(JSON.parse(row1.shown ?? '')).toEqual(decision(1).shown);
    expect(row1.hash).toBe(store.audit.list()[0]?.hash);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"looks good, ""ship it""\nsecond line"');
    store.close();
  });
});

/** A strict RFC 4180 reader, to prove the export round-trips. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  return records;
}
