import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSourceIssue } from '../../src/core/yaml-source.js';
import { createNetboxClient, readNetboxInventory } from '../../src/integrations/index.js';
import { NetboxFake, netboxDevicesFromInventory } from '../../src/integrations/sample/index.js';
import { parseInventoryCsv, readTabularInventory } from '../../src/inventory/tabular.js';
import { TEST_HTTP, seedInventory } from '../integrations/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-tab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = seedInventory();
const HEADER = 'name,customer,site,model,address,serial,version,boot_mode,role,tags,redundancy,members';
const GOOD = [
  'acme-nyc-core01,acme,nyc-dc1,C9500-48Y4C,192.0.2.111,FCW2233L0AB,17.06.05,install,core,cisco-edge;core,svl,2',
  'acme-bos-edge01,acme,bos-br1,ISR4451-X/K9,192.0.2.113,FJC2245D1EF,17.06.05,install,edge,cisco-edge,,',
];

describe('inventory from CSV', () => {
  it('reads hosts onto the base inventory (customers, sites)', () => {
    const r = parseInventoryCsv([HEADER, ...GOOD].join('\n'), 'hosts.csv', base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.hosts.map((h) => [h.name, h.members, h.tags])).toEqual([
      ['acme-nyc-core01', 2, ['cisco-edge', 'core']],
      ['acme-bos-edge01', 1, ['cisco-edge']],
    ]);
    expect(r.value.customers.acme?.name).toBe('Acme Logistics');
  });

  it('names the file, the row and the column of every problem', () => {
    const rows = [
      'name,customer,site,model,address,serial,version,boot_mode,role,colour',
      'acme-nyc-core01,acme,nyc-dc1,C9500-48Y4C,192.0.2.111,FCW2233L0AB,17.6,install,core,red',
      'bad name,acme,mars-1,C9300,192.0.2.1,X,17.06.05,flash,core,',
    ];
    const r = parseInventoryCsv(rows.join('\r\n'), 'hosts.csv', base);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatSourceIssue)).toEqual([
      'hosts.csv:1:10 colour: unknown column (expected name, customer, site, model, address, oob_address, port, serial, version, boot_mode, redundancy, members, role, risk, tags, platform)',
      'hosts.csv:2:7 version: expected a version such as 17.09.05',
      'hosts.csv:3:1 name: expected a hostname (letters, digits, - and _)',
      expect.stringMatching(/^hosts\.csv:3:8 boot_mode: /),
    ]);
    const cross = parseInventoryCsv(
      [HEADER, GOOD[0]!.replace('nyc-dc1', 'chi-dc1')].join('\n'),
      'x.csv',
      base,
    );
    expect(!cross.ok && cross.issues.map(formatSourceIssue)).toEqual([
      'x.csv:2:3 site: site chi-dc1 belongs to globex, not acme',
    ]);
  });

  it('a broken CSV (unclosed quote) is one located problem, not a stack trace', () => {
    const r = parseInventoryCsv(`${HEADER}\n"acme-nyc-core01,acme`, 'q.csv', base);
    expect(!r.ok && r.issues[0]).toMatchObject({ file: 'q.csv', line: 2 });
  });
});

describe('inventory from XLSX', () => {
  it('reads the hosts sheet of a workbook, and locates problems by sheet row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('notes');
    notes.addRow(['this sheet is not the inventory']);
    const sheet = workbook.addWorksheet('Hosts');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(GOOD[0]!.split(',').map((v, i) => (i === 11 ? Number(v) : v)));
    sheet.addRow(GOOD[1]!.replace('17.06.05', '17.06').split(','));
    const file = join(dir, 'fleet.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const r = await readTabularInventory(file, base);
    expect(!r.ok && r.issues.map(formatSourceIssue)).toEqual([
      `${file} (sheet Hosts):3:7 version: expected a version such as 17.09.05`,
    ]);
    sheet.getRow(3).getCell(7).value = '17.06.05';
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const ok = await readTabularInventory(file, base);
    expect(ok.ok && ok.value.hosts.map((h) => h.name)).toEqual(['acme-nyc-core01', 'acme-bos-edge01']);
  });

  it('a file that is not a workbook says so', async () => {
    const file = join(dir, 'fake.xlsx');
    writeFileSync(file, 'name,customer\n');
    const r = await readTabularInventory(file, base);
    expect(!r.ok && r.issues[0]?.message).toMatch(/not an Excel workbook/);
  });
});

describe('inventory from NetBox (real HTTP to the fake)', () => {
  it('reads devices by tag and site, and validates them like the YAML inventory', async () => {
    const devices = netboxDevicesFromInventory(base);
    devices.push({
      ...devices[0]!,
      id: 999,
      name: 'acme-new01',
      serial: 'NEW1',
      custom_fields: { software_version: 'unknown' },
    });
    const netbox = await NetboxFake.start({ devices });
    try {
      const client = createNetboxClient(
        { url: netbox.base, token: netbox.token, versionField: 'software_version' },
        TEST_HTTP,
      );
      const r = await readNetboxInventory(
        client,
        { tag: 'wan', sites: ['lon-dc1', 'chi-dc1'] },
        base,
        'software_version',
      );
      expect(r.ok && r.value.hosts.map((h) => h.name)).toEqual([
        'globex-chi-edge01',
        'umbrella-lon-edge01',
        'umbrella-lon-edge02',
      ]);
      expect(netbox.requestsTo('list_devices')[0]?.query.getAll('site')).toEqual(['lon-dc1', 'chi-dc1']);
      const bad = await readNetboxInventory(client, { tag: 'cisco-edge' }, base, 'software_version');
      expect(!bad.ok && bad.issues.map(formatSourceIssue)).toEqual([
        'netbox:dcim/devices?tag=cisco-edge:13:8 version: expected a version such as 17.09.05',
        expect.stringMatching(/^netbox:dcim\/devices\?tag=cisco-edge:13:9 boot_mode: /),
      ]);
    } finally {
      await netbox.close();
    }
  });
});
