/**
 * Interface names as engineers and devices abbreviate them. Pure.
 */

const SHORT: Readonly<Record<string, string>> = {
  Gigabit: 'Gi',
  TenGigabit: 'Te',
  TwentyFive: 'Twe',
  FortyGigabit: 'Fo',
  Hundred: 'Hu',
  Fast: 'Fa',
  Port: 'Po',
};

/**
 * `GigabitEthernet1/0/47` -> `Gi1/0/47`. A kind the table does not know is kept whole (`Vlan10`, for a
 * sentence), or cut to two letters as IOS prints it in neighbour tables (`Vl10`) with `unknown: 'cut'`.
 */
export function shortInterfaceName(name: string, options: { unknown?: 'keep' | 'cut' } = {}): string {
  const m = /^([A-Za-z]+?)(?:Ethernet|GigE)?([\d/.:]+)$/.exec(name);
  if (!m) return name;
  const kind = m[1]!;
  return `${SHORT[kind] ?? (options.unknown === 'cut' ? kind.slice(0, 2) : kind)}${m[2]!}`;
}
