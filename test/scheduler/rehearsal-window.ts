/**
 * A windows file with one window on one lab host, Saturday 5 December 2026 from 22:00 New York time, for
 * tests that run `warroom start` on a rehearsal clock.
 */
export function rehearsalWindowsFile(id: string, end: string): string {
  return `windows:
  - id: ${id}
    customer: acme
    start: "2026-12-05T22:00"
    end: "2026-12-05T${end}"
    timezone: America/New_York
    announce_before: 20m
    hosts: [acme-bos-edge01]
    procedure: procedures/iosxe-upgrade.yml
    target: "17.09.05"
    on_call: Dana Reyes
`;
}
