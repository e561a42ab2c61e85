/**
 * The small interfaces between the core and the world. Adapters live at the edges (src/transport,
 * src/store, src/slack, src/staging, src/lab); the composition root (src/main.ts) picks and passes them.
 */
export type * from './approval-records.js';
export type * from './audit.js';
export type * from './chat-state.js';
export type * from './cli-session.js';
export type * from './device-driver.js';
export type * from './device-facts.js';
export type * from './fleet-collector.js';
export type * from './image-store.js';
export type * from './operator.js';
export type * from './warroom-service.js';
export type * from './window-systems.js';
export { systemClock, ManualClock, createFastForwardClock, type Clock } from './clock.js';
