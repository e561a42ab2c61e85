/**
 * A lab fleet in this process, described in a lab file (what `warroom lab --json` prints) in a fresh temp
 * directory, for tests that drive it with real `warroom run --lab-file` processes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLabJson } from '../../src/cli/commands/lab.js';
import { startLabFleet, type LabFleet } from '../../src/lab/index.js';
import { TEST_SIZE_SCALE } from '../devices/iosxe/fixtures.js';

export interface LabOnFile {
  fleet: LabFleet;
  /** The temp directory: the lab file, and room for the tests' databases and images. */
  dir: string;
  labFile: string;
  stop(): Promise<void>;
}

export async function startLabOnFile(
  prefix: string,
  timeScale: number,
  hosts: readonly string[],
): Promise<LabOnFile> {
  const dir = await mkdtemp(join(tmpdir(), `warroom-${prefix}-`));
  const fleet = await startLabFleet({ timeScale, sizeScale: TEST_SIZE_SCALE, hosts: [...hosts] });
  const labFile = join(dir, 'lab.jsonl');
  await writeFile(labFile, renderLabJson(fleet));
  return {
    fleet,
    dir,
    labFile,
    async stop() {
      await fleet.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
