/**
 * Image names and the .pkg files an install-mode image expands into, per platform family. Sizes of the
 * packages are fractions of the .bin so a lab image (a few MB) expands to a believable set.
 */
import type { CatalogueImage } from '../../../inventory/schema.js';
import type { PlatformProfile } from '../../../inventory/platforms.js';
import { imageFileName, normaliseVersion } from '../../../inventory/platforms.js';
import { seeded, seededHex } from './seed.js';

const CAT9K_PACKAGES: readonly [string, number][] = [
  ['cat9k-cc_srdriver', 0.03],
  ['cat9k-espbase', 0.15],
  ['cat9k-guestshell', 0.01],
  ['cat9k-lni', 0.02],
  ['cat9k-rpbase', 0.18],
  ['cat9k-rpboot', 0.06],
  ['cat9k-sipbase', 0.08],
  ['cat9k-sipspa', 0.1],
  ['cat9k-srdriver', 0.05],
  ['cat9k-webui', 0.03],
  ['cat9k-wlc', 0.27],
];

const ISR_PACKAGES = (prefix: string): readonly [string, number][] => [
  [`${prefix}-firmware_dreamliner`, 0.01],
  [`${prefix}-firmware_nim_ge`, 0.02],
  [`${prefix}-firmware_prince`, 0.02],
  [`${prefix}-mono-universalk9`, 0.84],
  [`${prefix}-rpboot`, 0.09],
];

const ASR_PACKAGES: readonly [string, number][] = [
  ['asr1000-espbase', 0.2],
  ['asr1000-rpaccess', 0.02],
  ['asr1000-rpbase', 0.07],
  ['asr1000-rpboot', 0.06],
  ['asr1000-rpcontrol', 0.05],
  ['asr1000-rpios-universalk9', 0.35],
  ['asr1000-sipbase', 0.12],
  ['asr1000-sipspa', 0.11],
];

function packageList(profile: PlatformProfile): readonly [string, number][] {
  switch (profile.family) {
    case 'isr4300':
      return ISR_PACKAGES('isr4300');
    case 'isr4400':
      return ISR_PACKAGES('isr4400');
    case 'asr1000':
      return ASR_PACKAGES;
    default:
      return CAT9K_PACKAGES;
  }
}

/** The install-mode .pkg files of a version and their sizes, for an image of `binSize` bytes. */
export function packagesFor(
  profile: PlatformProfile,
  version: string,
  binSize: number,
): { name: string; size: number }[] {
  return packageList(profile).map(([base, fraction]) => ({
    name: `${base}.${normaliseVersion(version)}.SPA.pkg`,
    size: Math.max(1024, Math.round(binSize * fraction)),
  }));
}

/** The `.conf` file `install add` writes next to the packages (`cat9k_iosxe.17.09.05.SPA.conf`). */
export function provisioningFileFor(profile: PlatformProfile, version: string): string {
  return imageFileName(profile, normaliseVersion(version)).replace(/\.bin$/, '.conf');
}

/** The catalogue image for a family and version, if the catalogue has one. */
export function catalogueImageFor(
  catalogue: readonly CatalogueImage[],
  profile: PlatformProfile,
  version: string,
): CatalogueImage | undefined {
  const want = normaliseVersion(version);
  return catalogue.find(
    (img) => img.families.includes(profile.family) && normaliseVersion(img.version) === want,
  );
}

/** The version named in an image file name such as `cat9k_iosxe.17.09.05.SPA.bin`. */
export function versionFromImageName(file: string): string | undefined {
  const m = /\.(\d+\.\d+\.\d+[a-z]?)\.SPA\.(?:bin|conf|pkg)$/i.exec(file);
  return m?.[1] ? normaliseVersion(m[1]) : undefined;
}

/** Pseudo hashes for files whose bytes the lab never materialises (packages, configs, logs). */
export function pseudoHashes(name: string, size: number): { md5: string; sha512: string } {
  return { md5: seededHex(`md5:${name}:${size}`, 32), sha512: seededHex(`sha512:${name}:${size}`, 128) };
}

/** The build number IOS-XE shows after the version (`17.06.05.0.2490`). */
export function buildNumber(version: string): number {
  return 1000 + (seeded(`build:${normaliseVersion(version)}`) % 8000);
}

/** The release train name for `show version` (`Bengaluru` for 17.4 to 17.6). */
export function trainName(version: string): string {
  const [major = 0, minor = 0] = version.split('.').map((n) => parseInt(n, 10));
  if (major === 16) {
    if (minor <= 6) return 'Everest';
    if (minor <= 9) return 'Fuji';
    return 'Gibraltar';
  }
  if (minor <= 3) return 'Amsterdam';
  if (minor <= 6) return 'Bengaluru';
  if (minor <= 9) return 'Cupertino';
  if (minor <= 12) return 'Dublin';
  return 'IOSXE';
}

/** `17.6.5` from `17.06.05` (the form the second line of `show version` uses). */
export function shortVersion(version: string): string {
  return version
    .split('.')
    .map((p) => p.replace(/^0+(?=\d)/, ''))
    .join('.');
}

/** `17.6` from `17.06.05` (the `version` line of the configuration). */
export function configTrain(version: string): string {
  return shortVersion(version).split('.').slice(0, 2).join('.');
}
