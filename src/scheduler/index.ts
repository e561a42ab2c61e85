/**
 * Windows and their schedule: the windows file format, the pure `dueActions` (what is due now: announce,
 * open, start, end) and the loop that fires them.
 */
export * from './windows.js';
export * from './due-actions.js';
