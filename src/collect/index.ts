/**
 * `collect`: read-only show commands across many hosts at once, each host's output parsed by warroom's
 * IOS-XE parsers and reported as one record per host. Used by `warroom collect`; the same function serves
 * Slack's `/warroom collect` and can take the engine's pre/post snapshots.
 */
export {
  collectFacts,
  DEFAULT_COLLECT_CONCURRENCY,
  MAX_COLLECT_CONCURRENCY,
  type CollectRequest,
} from './collect-facts.js';
export {
  buildHostFacts,
  validateCollectCommands,
  MAX_COLLECT_COMMANDS,
  type CollectError,
  type CommandOutcome,
  type HostFacts,
} from './host-facts.js';
export {
  COLLECT_ARG_OPTIONS,
  checkCollectCommands,
  parseCollectArgs,
  parseWholeNumber,
  readCollectArgs,
  type CollectArgs,
  type CollectArgValues,
  type HostSelection,
} from './collect-args.js';
export { selectHosts, type HostSources, type WindowHosts } from './select-hosts.js';
