/** Issue 14: an inventory that passes `check` must not fail later (or reach a device with a second command). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSourceIssue } from '../../src/core/yaml-source.js';
import { parseInventory } from '../../src/inventory/load.js';

const SEED = readFileSync('data/inventory.yml', 'utf8');

/** The seed inventory with one line replaced; the issues and the 1-based line that was replaced. */
function withLine(find: string, replace: string): { issues: string[]; line: number } {
  const lines = SEED.split('\n');
  const index = lines.findIndex((l) => l.includes(find));
  if (index < 0) throw new Error(`no line with ${find}`);
  lines[index] = lines[index]!.replace(find, replace);
  const result = parseInventory(lines.join('\n'), 'inv.yml');
  return { issues: result.ok ? [] : result.issues.map(formatSourceIssue), line: index + 1 };
}

describe('inventory values that would fail at run time', () => {
  it('an address that is no address, a port past 65535, an unknown model', () => {
    const address = withLine('address: 192.0.2.112', 'address: 999.1.1.1');
    expect(address.issues).toEqual([
      `inv.yml:${address.line}:14 hosts[1].address: expected an IPv4 or IPv6 address or a DNS name`,
    ]);
    const port = withLine('address: 192.0.2.112', 'address: 192.0.2.112, port: 70000');
    expect(port.issues).toHaveLength(1);
    const portYaml = withLine('    address: 192.0.2.112', '    port: 70000\n    address: 192.0.2.112');
    expect(portYaml.issues).toEqual([
      `inv.yml:${portYaml.line}:11 hosts[1].port: expected a TCP port (1-65535)`,
    ]);
    const model = withLine('model: C9300-48P', 'model: C9999-X');
    expect(model.issues).toEqual([
      `inv.yml:${model.line}:12 hosts[1].model: unknown model (warroom knows C9300, C94xx, C95xx, C96xx, ISR43xx, ISR44xx, ASR10xx)`,
    ]);
    expect(withLine('address: 192.0.2.112', 'address: edge-1.example.net').issues).toEqual([]);
    expect(withLine('address: 192.0.2.112', 'address: "2001:db8::1"').issues).toEqual([]);
  });

  it("the customer's functional check is one read-only line with a pattern that compiles", () => {
    const check = '{ command: "show ip route 0.0.0.0", expect: "Routing entry for 0.0.0.0/0" }';
    const newline = withLine(check, '{ command: "show ip route 0.0.0.0\\nreload", expect: "Routing" }');
    expect(newline.issues).toEqual([
      `inv.yml:${newline.line}:42 customers.acme.functional_check[0].command: a line break inside a command would send a second command: a functional check only reads`,
    ]);
    const reload = withLine(check, '{ command: "reload in 1", expect: "Routing" }');
    expect(reload.issues).toEqual([
      `inv.yml:${reload.line}:21 customers.acme.functional_check[0].command: "reload" is not a read-only command (read-only: show, dir, verify, more, ping, traceroute): a functional check only reads`,
    ]);
    const regex = withLine(check, '{ command: "show ip route", expect: "Routing (" }');
    expect(regex.issues).toEqual([
      `inv.yml:${regex.line}:45 customers.acme.functional_check[0].expect: invalid regular expression: Unterminated group`,
    ]);
    expect(withLine(check, '{ command: "ping 192.0.2.1 source Loopback0", expect: "!!!" }').issues).toEqual(
      [],
    );
  });

  it('values with control characters and huge names are refused without echoing them', () => {
    const nul = withLine('name: Acme Logistics', 'name: "Acme\\0 Logistics"');
    expect(nul.issues).toEqual([
      `inv.yml:${nul.line}:11 customers.acme.name: control character U+0000 (NUL) in a value`,
    ]);
    const big = withLine('  - name: acme-nyc-acc01', `  - name: a${'b'.repeat(5000)}`);
    expect(big.issues).toEqual([
      `inv.yml:${big.line}:11 hosts[1].name: expected a hostname of at most 64 characters`,
    ]);
  });
});
