/**
 * What warroom knows about each IOS-XE platform family: the image name, the flash device, how the box is
 * made redundant, and whether ISSU is supported (support matrix in shared/seeds/001: Cat 9400 dual sup from
 * 16.9.1, Cat 9500 StackWise Virtual from 16.9.2, Cat 9600 dual sup from 16.12.1; never ISR/ASR with one RP,
 * never a 9300 stack).
 */
export type PlatformFamily =
  'cat9300' | 'cat9400' | 'cat9500' | 'cat9600' | 'isr4300' | 'isr4400' | 'asr1000';
export type Redundancy = 'none' | 'stack' | 'svl' | 'dual_sup';

export interface PlatformProfile {
  family: PlatformFamily;
  /** Image file prefix: `${imagePrefix}.${version}.SPA.bin`. */
  imagePrefix: string;
  /** The file system images live on. */
  flash: 'flash:' | 'bootflash:';
  /** Redundancy kinds this family can have. */
  redundancy: readonly Redundancy[];
  /** ISSU: the redundancy it needs and the first release that supports it; undefined where never. */
  issu?: { needs: Redundancy; minRelease: string };
  /** Typical seconds from `reload` until SSH answers again (shared/IOSXE.md). */
  bootSeconds: number;
  /** Human name used in `show version` and reports. */
  series: string;
}

const PROFILES: readonly (PlatformProfile & { match: RegExp })[] = [
  {
    match: /^C9300/i,
    family: 'cat9300',
    imagePrefix: 'cat9k_iosxe',
    flash: 'flash:',
    redundancy: ['none', 'stack'],
    bootSeconds: 390,
    series: 'Catalyst 9300',
  },
  {
    match: /^C94\d\d/i,
    family: 'cat9400',
    imagePrefix: 'cat9k_iosxe',
    flash: 'bootflash:',
    redundancy: ['none', 'dual_sup'],
    issu: { needs: 'dual_sup', minRelease: '16.09.01' },
    bootSeconds: 540,
    series: 'Catalyst 9400',
  },
  {
    match: /^C95\d\d/i,
    family: 'cat9500',
    imagePrefix: 'cat9k_iosxe',
    flash: 'flash:',
    redundancy: ['none', 'svl'],
    issu: { needs: 'svl', minRelease: '16.09.02' },
    bootSeconds: 420,
    series: 'Catalyst 9500',
  },
  {
    match: /^C96\d\d/i,
    family: 'cat9600',
    imagePrefix: 'cat9k_iosxe',
    flash: 'bootflash:',
    redundancy: ['none', 'dual_sup'],
    issu: { needs: 'dual_sup', minRelease: '16.12.01' },
    bootSeconds: 570,
    series: 'Catalyst 9600',
  },
  {
    match: /^ISR43\d\d/i,
    family: 'isr4300',
    imagePrefix: 'isr4300-universalk9',
    flash: 'bootflash:',
    redundancy: ['none'],
    bootSeconds: 180,
    series: 'ISR 4300',
  },
  {
    match: /^ISR44\d\d/i,
    family: 'isr4400',
    imagePrefix: 'isr4400-universalk9',
    flash: 'bootflash:',
    redundancy: ['none'],
    bootSeconds: 200,
    series: 'ISR 4400',
  },
  {
    match: /^ASR10\d\d/i,
    family: 'asr1000',
    imagePrefix: 'asr1000-universalk9',
    flash: 'bootflash:',
    redundancy: ['none'],
    bootSeconds: 240,
    series: 'ASR 1000',
  },
];

/** The profile for a model such as `C9300-48P` or `ISR4451-X/K9`; undefined for a model warroom does not know. */
export function platformProfile(model: string): PlatformProfile | undefined {
  const found = PROFILES.find((p) => p.match.test(model));
  if (!found) return undefined;
  const { match: _match, ...profile } = found;
  return profile;
}

export const KNOWN_MODEL_PATTERNS = PROFILES.map((p) => p.match.source);

/** The image file name for a family and a dotted version (`17.09.05`). */
export function imageFileName(profile: PlatformProfile, version: string): string {
  return `${profile.imagePrefix}.${version}.SPA.bin`;
}

/** Compares IOS-XE versions such as `17.09.05` and `17.9.5` numerically: <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10));
  const pb = b.split('.').map((n) => parseInt(n, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `17.9.5` -> `17.09.05`, the form image names use. */
export function normaliseVersion(version: string): string {
  const parts = version.split('.');
  return parts.map((p, i) => (i === 0 ? String(parseInt(p, 10)) : p.padStart(2, '0'))).join('.');
}
