/**
 * Which staging server a site's devices copy their image from (pure): the central SCP server when the
 * site can reach it, else the site's jump host. The inventory's `central_staging_reachable` is the usual
 * input; a caller that probed reachability passes its own answer.
 */
import type { StagingServer } from './sftp-connect.js';

export interface StagingChoice {
  via: 'central' | 'jump_host';
  server: StagingServer;
  reason: string;
}

export interface ChooseServerInput {
  site: string;
  central: StagingServer;
  /** The site's jump host as a staging server, when the site has one. */
  jumpHost?: StagingServer;
  /** Whether devices at the site reach the central server. */
  centralReachable: boolean;
}

/** The server to push to and the devices to copy from; undefined with a reason when there is none. */
export function chooseStagingServer(
  input: ChooseServerInput,
): StagingChoice | { via: 'none'; reason: string } {
  if (input.centralReachable) {
    return {
      via: 'central',
      server: input.central,
      reason: `${input.site} reaches the central staging server`,
    };
  }
  if (input.jumpHost) {
    return {
      via: 'jump_host',
      server: input.jumpHost,
      reason: `${input.site} cannot reach the central staging server: staging on its jump host ${input.jumpHost.name}`,
    };
  }
  return {
    via: 'none',
    reason: `${input.site} cannot reach the central staging server and has no jump host: stage by hand`,
  };
}
