/**
 * What a person at a terminal sees of a run: a live board (one line per host, redrawn in place) when
 * stdout is a terminal, plain lines otherwise, and the summary table at the end; `--log FILE` gets every
 * line whatever the view.
 */
export { createPlainView, startLiveBoard, type LiveBoard, type OperatorView } from './live-board.js';
export { addHosts, renderSummaryTable, type FleetBoard } from './fleet-board.js';
export { openStepLog, type StepLog } from './step-log.js';
