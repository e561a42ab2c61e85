/**
 * The contract between the lab's simulated devices and the parsers: every seed device answers every
 * parsed command in a form the parser reads (or rejects it, as a router rejects `show switch`), and what
 * the parsers read agrees with what the device says it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWarroomError } from '../../../../src/core/errors.js';
import {
  findParser,
  parseDir,
  parseShowVersion,
  parseVerifyMd5,
} from '../../../../src/devices/iosxe/parsers/index.js';
import { parseImageCatalogue, parseInventory } from '../../../../src/inventory/load.js';
import type { CatalogueImage, InventoryHost } from '../../../../src/inventory/schema.js';
import {
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_INVENTORY_PATH,
  createLabDevice,
  createLabTime,
  type LabDevice,
} from '../../../../src/lab/index.js';

const COMMANDS = [
  'show version',
  'show ip interface brief',
  'show bgp summary',
  'show ip bgp summary',
  'show bgp all summary',
  'show install summary',
  'show redundancy',
  'show redundancy states',
  'show switch',
  'show switch detail',
  'show boot',
  'show bootvar',
  'show inventory',
  'show processes cpu',
  'show processes cpu sorted',
  'show platform',
  'show logging',
  'show clock',
  'show install state',
  'show interfaces',
  'show ip route',
  'show ip route summary',
  'show cdp neighbors detail',
  'show lldp neighbors detail',
  'show standby',
  'show ip ospf neighbor',
  'show environment',
  'show environment all',
  'show environment power all',
  'show environment temperature',
  'show module',
  'show switch virtual',
  'show vlan brief',
  'show spanning-tree summary',
  'show license summary',
  'show memory statistics',
];

function seed(): { hosts: InventoryHost[]; catalogue: CatalogueImage[] } {
  const inventory = parseInventory(readFileSync(DEFAULT_INVENTORY_PATH, 'utf8'), 'inventory.yml');
  const catalogue = parseImageCatalogue(readFileSync(DEFAULT_CATALOGUE_PATH, 'utf8'), 'images.yml');
  if (!inventory.ok || !catalogue.ok) throw new Error('the seed inventory or catalogue does not load');
  return { hosts: inventory.value.hosts, catalogue: catalogue.value.images };
}

function device(host: InventoryHost, catalogue: CatalogueImage[]): LabDevice {
  return createLabDevice({
    // No faults: this is about formats, not failures.
    host: { ...host, lab: { ...host.lab, faults: [] } },
    catalogue,
    credentials: { username: 'netops', password: 'lab-pass-1234', enableSecret: 'lab-enable-5678' },
    fileServer: {
      read: () => Promise.reject(new Error('no file server in this test')),
      write: () => Promise.reject(new Error('no file server in this test')),
    },
    time: createLabTime(1 / 20_000),
  });
}

const { hosts, catalogue } = seed();

describe('lab device output through the parsers', () => {
  it.each(hosts.map((h) => [h.name, h] as const))('%s', async (_name, host) => {
    const lab = device(host, catalogue);
    try {
      const summary = lab.describe();
      for (const command of COMMANDS) {
        const { output, code } = await lab.exec(command);
        const parser = findParser(command)!;
        if (code === 0) {
          expect(() => parser.parse(output), command).not.toThrow();
        } else {
          let error: unknown;
          try {
            parser.parse(output);
          } catch (caught) {
            error = caught;
          }
          expect(isWarroomError(error) && error.code, `${command} rejected by the device`).toBe(
            'command_error',
          );
        }
      }

      const version = parseShowVersion((await lab.exec('show version')).output);
      expect(version).toMatchObject({
        hostname: summary.hostname,
        version: summary.version,
        platform: summary.model,
        bootMode: summary.bootMode,
      });

      const dir = parseDir((await lab.exec(`dir ${summary.flash.device}`)).output);
      expect(dir.totalBytes).toBe(summary.flash.totalBytes);
      expect(dir.freeBytes).toBe(summary.flash.freeBytes);
      const files = dir.files.filter((f) => !f.isDirectory).map((f) => ({ name: f.name, size: f.size }));
      expect(files).toEqual(expect.arrayContaining(summary.flash.files));

      for (const image of catalogue.filter((i) => summary.flash.files.some((f) => f.name === i.file))) {
        const path = `${summary.flash.device}${image.file}`;
        const md5 = parseVerifyMd5((await lab.exec(`verify /md5 ${path}`)).output);
        expect(md5, path).toMatchObject({ file: path, md5: image.md5.toLowerCase() });
      }
    } finally {
      lab.dispose();
    }
  });
});
