/**
 * The systems around a window: Jira (the plan's source), Freshservice (change requests), Gmail (customer
 * mail), NetBox and ConnectWise (the CMDB). Each is a client behind a port in src/ports plus pure mappers;
 * the services here make their effects happen once. Local fakes for tests and the embedded default are in
 * ./sample.
 */
export { createHttpClient, isRetryableFailure, type HttpClientOptions } from './http-client.js';
export { toServiceError, callService, type ServiceHints, type ServiceObject } from './service-error.js';
export { hostOutcomes, type HostOutcome, type ReportLike } from './run-outcome.js';
export {
  decideCmdbUpdate,
  drainCmdbQueue,
  nextCmdbAttempt,
  queueCmdbUpdates,
  type CmdbDecision,
  type DrainOptions,
  type DrainResult,
} from './cmdb-queue.js';
export { createInventoryFileUpdater, setInventoryVersion } from './inventory-file-updater.js';
export {
  WindowSystems,
  type CloseOutcome,
  type MailDraft,
  type SystemsWindow,
  type WindowGate,
  type WindowSystemsDeps,
} from './window-systems.js';
export * from './jira/index.js';
export * from './freshservice/index.js';
export * from './gmail/index.js';
export * from './netbox/index.js';
export * from './connectwise/index.js';
