/**
 * `show install summary | state | active | inactive | committed | uncommitted` (corpus/show_install_*).
 */
import type { DeviceState, InstalledImage } from '../model/device-state.js';
import { buildNumber } from '../model/packages.js';
import { formatHms } from './time-format.js';

export type InstallView = 'summary' | 'state' | 'active' | 'inactive' | 'committed' | 'uncommitted';

const HEADINGS: Record<InstallView, string> = {
  summary: 'Installed',
  state: 'Installed',
  active: 'Active',
  inactive: 'Inactive',
  committed: 'Committed',
  uncommitted: 'Uncommitted',
};

const RULE = '-'.repeat(80);

/** `Switch 1 2 3`, `R0 R1`, `R0`: where the install engine runs. */
export function installLocations(state: DeviceState): string[] {
  if (state.hw.shape === 'stack') return state.members.map((m) => `${m.number}`);
  return state.redundancy.sso ? ['R0', 'R1'] : ['R0'];
}

function locationLabel(state: DeviceState): string {
  const locs = installLocations(state);
  return state.hw.shape === 'stack' ? `Switch ${locs.join(' ')}` : locs.join(' ');
}

export function imageLabel(version: string): string {
  return `${version}.0.${buildNumber(version)}`;
}

function wanted(view: InstallView, img: InstalledImage): boolean {
  switch (view) {
    case 'summary':
    case 'state':
      return true;
    case 'active':
      return img.state === 'C' || img.state === 'U';
    case 'inactive':
      return img.state === 'I';
    case 'committed':
      return img.state === 'C';
    case 'uncommitted':
      return img.state === 'U' || img.state === 'D';
  }
}

export function renderShowInstall(state: DeviceState, view: InstallView, now: number): string {
  const images = state.install.images.filter((i) => wanted(view, i));
  const lines = [
    `[ ${locationLabel(state)} ] ${HEADINGS[view]} Package(s) Information:`,
    'State (St): I - Inactive, U - Activated & Uncommitted,',
    '            C - Activated & Committed, D - Deactivated & Uncommitted',
    RULE,
    'Type  St   Filename/Version',
    RULE,
  ];
  if (images.length === 0) lines.push(`No ${HEADINGS[view]} Packages`);
  for (const img of images) lines.push(`IMG   ${img.state}    ${imageLabel(img.version)}`);
  lines.push('', RULE);
  const deadline = state.install.autoAbortAt;
  lines.push(
    deadline !== undefined && deadline > now
      ? `Auto abort timer: active on install_activate, time before rollback - ${formatHms(deadline - now)}`
      : 'Auto abort timer: inactive',
  );
  lines.push(RULE, '');
  return lines.join('\n') + '\n';
}
