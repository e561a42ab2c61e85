/** The emoji that mark states in every message: one table for steps, one for hosts. */
import type { ProgressState } from '../../ports/operator.js';
import type { HostState } from '../../ports/warroom-service.js';

export const STEP_ICON: Record<ProgressState, string> = {
  pending: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  waiting: ':raised_hand:',
  passed: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
  rolled_back: ':leftwards_arrow_with_hook:',
};

export const HOST_ICON: Record<HostState, string> = {
  planned: ':white_circle:',
  waiting_approval: ':raised_hand:',
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  rolled_back: ':leftwards_arrow_with_hook:',
  parked: ':parking:',
  skipped: ':fast_forward:',
  rejected: ':no_entry_sign:',
  aborted: ':octagonal_sign:',
};
