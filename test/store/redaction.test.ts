import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, REDACTED, registerSecret } from '../../src/core/redact.js';
import { exportAuditCsv } from '../../src/store/index.js';
import { createTempDir, openTestStore, seedRun } from './helpers.js';

const tmp = createTempDir();
afterAll(() => tmp.cleanup());
afterEach(() => clearSecretsForTest());

const SECRET = 'Xq7-enable-S3cr3t!';

function fileHas(path: string, needle: string): boolean {
  return existsSync(path) && readFileSync(path).includes(Buffer.from(needle, 'utf8'));
}

describe('redaction on the way in', () => {
  it('a registered secret in outputs, payloads, artifacts and audit rows never reaches the .db or -wal bytes', () => {
    registerSecret(SECRET);
    const { store, path } = openTestStore(tmp.dir);
    seedRun(store);
    store.windows.upsert({
      id: 'W-2',
      customer: 'acme',
      start: Date.UTC(2026, 0, 1),
      end: Date.UTC(2026, 0, 2),
      timezone: 'UTC',
      hosts: ['h1'],
      procedure: 'p.yml',
      onCall: `call Dana, pin ${SECRET}`,
      source: 'test',
    });
    store.runs.create({
      id: 'run-2',
      procedureName: 'p',
      procedureHash: 'b'.repeat(64),
      policy: { enable: SECRET, [SECRET]: 'as a key' },
    });
    const intent = store.events.appendIntent({
      runId: 'run-1',
      host: 'acme-nyc-acc01',
      step: 'enable',
      attempt: 1,
      payload: { command: 'enable', answer: SECRET, nested: [{ out: `Password: ${SECRET}\r\n#` }] },
    });
    expect(JSON.stringify(intent.event.payload)).not.toContain(SECRET);
    expect(JSON.stringify(intent.event.payload)).toContain(REDACTED);
    const artifact = store.artifacts.add({
      runId: 'run-1',
      host: 'acme-nyc-acc01',
      step: 'backup',
      kind: 'backup',
      name: 'running-config',
      content: `hostname x\nenable secret 9 $9$abcdef\nsnmp-server community ${SECRET} RO\n`,
    });
    expect(artifact.content).toContain(`community ${REDACTED} RO`);
    expect(artifact.content).toContain(`enable secret 9 ${REDACTED}`);
    store.artifacts.add({
      runId: 'run-1',
      kind: 'raw',
      name: 'copy',
      content: 'copy scp://netops:hunter22@127.0.0.1/x.bin flash:',
    });
    store.audit.append({
      actor: 'U1',
      via: 'slack',
      action: 'approve',
      outcome: 'approved',
      reason: `typed the password ${SECRET} by mistake`,
      shown: { commands: [`enable ${SECRET}`] },
    });
    let csv = '';
    exportAuditCsv(store, (c) => (csv += c));
    expect(csv).not.toContain(SECRET);

    // While open, recent pages live in the -wal: read both files raw.
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(fileHas(`${path}-wal`, 'acme-nyc-acc01')).toBe(true); // the probe does see WAL content
    for (const file of [path, `${path}-wal`]) {
      expect(fileHas(file, SECRET), file).toBe(false);
      expect(fileHas(file, 'hunter22'), file).toBe(false);
      expect(fileHas(file, '$9$abcdef'), file).toBe(false);
    }
    store.close();
    expect(fileHas(path, SECRET)).toBe(false);
    expect(fileHas(path, 'acme-nyc-acc01')).toBe(true);
  });

  it('refuses an identifier that carries a secret instead of storing it or rewriting it', () => {
    registerSecret('pw-in-a-name');
    const { store } = openTestStore(tmp.dir);
    seedRun(store);
    expect(() =>
      store.events.appendIntent({ runId: 'run-1', host: 'edge-pw-in-a-name', step: 's', attempt: 1 }),
    ).toThrow(/contains a registered secret/);
    expect(store.events.list('run-1')).toHaveLength(0);
    store.close();
  });
});
