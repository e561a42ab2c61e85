/** Freshservice change requests: the client, the pure change composer and gate, the raise/poll service. */
export { createFreshserviceClient } from './freshservice-client.js';
export {
  toFreshserviceChange,
  fromFreshserviceChange,
  FS_APPROVAL,
  FS_STATUS,
} from './freshservice-mapper.js';
export {
  changeMarker,
  composeChangeDraft,
  decideChangeGate,
  escapeHtml,
  nextChangeCheck,
  renderContactTreeHtml,
  renderDeviceTableHtml,
  type ChangeGate,
} from './change-draft.js';
export {
  assertChangeApproved,
  pollChangeRequests,
  raiseChangeRequest,
  raiseChangeRequests,
  windowChangeGate,
  type ChangeServiceDeps,
  type RaiseAction,
  type RaiseOutcome,
} from './change-service.js';
