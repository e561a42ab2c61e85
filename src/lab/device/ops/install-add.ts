/**
 * `install add file flash:X.bin`: check the image and the space, expand it into .pkg files on every member.
 */
import { fileNameOf } from '../model/flash.js';
import { putPackages } from '../model/build-state.js';
import { imageLabel } from '../render/install.js';
import { fail, phase, say, type InstallOp } from './install-common.js';

/** Free space an add needs on top of the .bin already on flash: the packages plus working room. */
const ADD_SPACE_FACTOR = 1.5;
/** Device time to expand an image on one member. */
export const ADD_MS_PER_MEMBER = 45_000;

/** Adds the image at `path`; returns its version. Ends the op with FAILED when IOS-XE would refuse. */
export async function installAdd(op: InstallOp, path: string): Promise<string> {
  const { rt } = op.ctx;
  const { state } = rt;
  const name = fileNameOf(path);
  const shown = `${state.flash.device}${name}`;
  await say(op, `${op.name}: Adding PACKAGE`);
  await say(op, `${op.name}: Checking whether new add is allowed ....\n`);
  const file = state.flash.files.get(name);
  if (!file || file.directory) return fail(op, `Package file ${shown} not found`);
  if (!name.endsWith('.bin') || !file.version) return fail(op, `${shown} is not a valid IOS-XE package`);
  if (file.corrupt)
    return fail(op, `Image file ${shown} failed signature verification. The file may be corrupted`);
  const version = file.version;
  if (version === state.version && state.bootMode === 'install') return fail(op, 'Same Image File-No Change');
  if (state.install.images.some((i) => i.version === version))
    return fail(
      op,
      "Super package already added. Add operation not allowed. 'install remove inactive' can be used to discard unused package",
    );
  const needed = Math.ceil(file.size * ADD_SPACE_FACTOR);
  const free = rt.freeBytes();
  if (free < needed)
    return fail(
      op,
      `Not enough space on ${state.flash.device} to expand ${name}: requires ${Math.ceil(needed / 1024)} KB of free space, ${Math.floor(free / 1024)} KB available (No space left on device (28))`,
    );
  if (state.members.length > 1 && state.hw.shape === 'stack') {
    const others = state.members.slice(1).map((m) => m.number);
    await say(op, '--- Starting initial file syncing ---');
    await say(op, `[1]: Copying ${shown} from switch 1 to switch ${others.join(' ')}`);
    await rt.work(file.size / 10_000, op.ctx.io.signal);
    await say(op, `[${others.join(' ')}]: Finished copying to switch ${others.join(' switch ')}`);
    await say(op, `Info: Finished copying ${shown} to the selected switch(es)`);
    await say(op, 'Finished initial file syncing\n');
  }
  await phase(op, 'Add', ADD_MS_PER_MEMBER);
  putPackages(state.flash, state.profile, version, file.size, rt.now());
  state.install.images.push({ version, state: 'I' });
  await say(op, `Image added. Version: ${imageLabel(version)}`);
  return version;
}
