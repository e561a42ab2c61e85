/**
 * Configuration management databases that record each device's software version (NetBox, ConnectWise
 * PSA). Updates go through a queue in SQLite (src/integrations/cmdb-queue.ts) so a CMDB that is down
 * never holds a window.
 */
export interface CmdbUpdater {
  /** `netbox`, `connectwise`: the queue's key for this system. */
  readonly system: string;
  /**
   * Records `version` as the device's software version; resolves with the CMDB's id of the object. Throws
   * a WarroomError: `not_found` when the CMDB has no such device, retryable codes when it is down.
   */
  recordVersion(host: string, version: string): Promise<{ objectId: string }>;
}
