import { afterEach, describe, expect, it } from 'vitest';
import { packSnapshot, unpackSnapshot, type StoredSnapshot } from '../../src/engine/snapshot-record.js';
import { clearSecretsForTest, registerSecret } from '../../src/core/redact.js';
import type { Snapshot } from '../../src/ports/device-facts.js';
import { openStore } from '../../src/store/index.js';

const version = `Cisco IOS XE Software, Version 17.06.05\n${'uptime is 4 weeks, 2 days\n'.repeat(5)}`;
const interfaces = `GigabitEthernet1/0/1 is up, line protocol is up\n${'  0 input errors, 0 CRC\n'.repeat(20)}`;

/** What a snapshot step's driver returns: the transcript (`# command` then its output) and the entries. */
function taken(outputs: Record<string, string>): { transcript: string; snapshot: Snapshot } {
  const transcript = Object.entries(outputs)
    .map(([command, out]) => `# ${command}\n${out}`.trimEnd())
    .join('\n');
  const snapshot: Snapshot = {
    host: 'acme-nyc-core01',
    takenAt: 1_000,
    entries: Object.entries(outputs).map(([command, raw], i) => ({
      command,
      raw,
      at: 1_000 + i,
      parsed: { lines: raw.split('\n').length },
    })),
  };
  return { transcript, snapshot };
}

afterEach(() => clearSecretsForTest());

describe('snapshot record', () => {
  it('keeps each output once: offsets into the transcript, read back word for word', () => {
    const { transcript, snapshot } = taken({
      'show version': version,
      'show interfaces': interfaces,
      'show clock': '10:00:00.000 UTC',
    });
    const stored = packSnapshot(snapshot, transcript, 42);
    expect(stored.transcript).toBe(42);
    expect(stored.entries.map((e) => (e.rawAt ? 'at' : 'inline'))).toEqual(['at', 'at', 'inline']);
    // The trailing newline the transcript trimmed is kept beside the offsets.
    expect(stored.entries[1]?.rawTail).toBe('\n');
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(snapshot).length / 2);
    expect(unpackSnapshot(stored, transcript)).toEqual(snapshot);
  });

  it('keeps inline an output that is not in the transcript, and reads back empty outputs without one', () => {
    const { transcript, snapshot } = taken({ 'show version': version, 'show interfaces': interfaces });
    const entries = snapshot.entries.map((e, i) => (i === 1 ? { ...e, raw: `${e.raw}!changed` } : e));
    const stored = packSnapshot({ ...snapshot, entries }, transcript, 7);
    expect(stored.entries[1]?.raw).toBe(`${interfaces}!changed`);
    expect(unpackSnapshot(stored, transcript).entries[1]?.raw).toBe(`${interfaces}!changed`);
    expect(unpackSnapshot(stored, undefined).entries[0]?.raw).toBe('');
    // Nothing found: the snapshot is stored as it is, naming no transcript.
    expect(packSnapshot(snapshot, 'other text', 7)).toBe(snapshot);
  });

  it('round-trips through the store, redaction included', () => {
    registerSecret('s3cr3t-enable');
    const config = `hostname core01\nenable secret 9 s3cr3t-enable\n${'interface Gi1/0/1\n no shutdown\n'.repeat(10)}`;
    const { transcript, snapshot } = taken({ 'show version': version, 'show running-config': config });
    const store = openStore(':memory:');
    try {
      store.runs.create({ id: 'run-1', procedureName: 'p', procedureHash: 'a'.repeat(64), policy: {} });
      const base = { runId: 'run-1', host: 'acme-nyc-core01', step: 'main/pre', name: 'pre' };
      const raw = store.artifacts.add({ ...base, kind: 'raw', content: transcript });
      expect(raw.content).not.toContain('s3cr3t-enable');
      // The entries are redacted as the driver redacts them; offsets are taken in the text as stored.
      const redacted = {
        ...snapshot,
        entries: snapshot.entries.map((e) => ({ ...e, raw: e.raw.replace('s3cr3t-enable', '********') })),
      };
      const stored = packSnapshot(redacted, raw.content!, raw.id);
      const parsed = store.artifacts.add({ ...base, kind: 'parsed', name: 'snapshot:pre', content: stored });
      const back = JSON.parse(parsed.content!) as StoredSnapshot;
      expect(back.entries.every((e) => e.rawAt)).toBe(true);
      expect(unpackSnapshot(back, store.artifacts.get(back.transcript!)?.content)).toEqual(redacted);
    } finally {
      store.close();
    }
  });
});
