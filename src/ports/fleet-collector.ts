/**
 * Fleet facts for the chat front ends: which hosts a selection names, and read-only commands run on them.
 * The composition side builds one from the running bot's inventory, windows and device logins
 * (src/compose/fleet-collector.ts); src/slack only calls it and renders what comes back.
 */
import type { HostFacts, HostSelection } from '../collect/index.js';

export interface SelectedHost {
  name: string;
  /** The inventory's customer key; undefined for a host only a lab serves. */
  customer?: string;
}

export interface FleetCollectRequest {
  hosts: readonly string[];
  /** Checked already: one-line read-only commands. */
  commands: readonly string[];
  raw: boolean;
  concurrency: number;
  /** Cuts the sessions in flight (their hosts end `ok: false`). */
  signal?: AbortSignal;
}

export interface FleetCollector {
  /** The hosts a selection names, each once, in order; `usage` naming an unknown host, window or tag. */
  select(selection: HostSelection): Promise<SelectedHost[]>;
  /** One record per host started, in host order; a host that fails is its own `ok: false` record. */
  collect(request: FleetCollectRequest): Promise<HostFacts[]>;
}
