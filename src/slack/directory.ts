/**
 * Slack user group membership for the approval policy, through usergroups.users.list (scope
 * usergroups:read), cached per group for a short while so a burst of clicks asks Slack once.
 */
import type { Directory } from '../approvals/index.js';
import type { Clock } from '../ports/clock.js';
import type { WebClient } from './web-client.js';

export function createSlackDirectory(client: WebClient, clock: Clock, ttlMs = 60_000): Directory {
  const cache = new Map<string, { at: number; users: Promise<ReadonlySet<string>> }>();
  const members = (group: string): Promise<ReadonlySet<string>> => {
    const hit = cache.get(group);
    if (hit && clock.now() - hit.at < ttlMs) return hit.users;
    const users = client.usergroups.users
      .list({ usergroup: group })
      .then((r) => new Set(r.users ?? []) as ReadonlySet<string>);
    cache.set(group, { at: clock.now(), users });
    // A failed lookup is not cached: the next click asks again.
    users.catch(() => cache.delete(group));
    return users;
  };
  return {
    async groupsOf(userId, groupIds) {
      const sets = await Promise.all(groupIds.map((g) => members(g)));
      return groupIds.filter((_, i) => sets[i]?.has(userId));
    },
  };
}
