import { isWarroomError, type WarroomError } from '../../../src/core/errors.js';

/** The WarroomError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<WarroomError> {
  try {
    await p;
  } catch (err) {
    if (isWarroomError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
