/**
 * Freshservice API v2 changes: the API key is the basic-auth user (the password is ignored; `X` by
 * convention). Create with POST /api/v2/changes, update with PUT, read with GET, and list recent changes
 * to find one whose id was lost.
 */
import type { FreshserviceConfig, HttpSettings } from '../../config/integrations.js';
import { registerSecret } from '../../core/redact.js';
import type { ChangeRequests } from '../../ports/change-requests.js';
import { createHttpClient } from '../http-client.js';
import { callService, type ServiceHints } from '../service-error.js';
import { fromFreshserviceChange, subjectOf, toFreshserviceChange } from './freshservice-mapper.js';

export function createFreshserviceClient(config: FreshserviceConfig, http: HttpSettings): ChangeRequests {
  registerSecret(config.apiKey);
  const client = createHttpClient({
    system: 'Freshservice',
    baseURL: config.url,
    auth: { username: config.apiKey, password: 'X' },
    headers: { 'Content-Type': 'application/json' },
    timeoutMs: http.timeoutMs,
    retries: http.retries,
  });
  const hints: ServiceHints = {
    auth: 'check FRESHSERVICE_API_KEY (Profile settings > Your API Key of the agent warroom acts as)',
    forbidden: 'the FRESHSERVICE_API_KEY agent needs a role that may create and edit changes',
    notFound:
      'the change may have been deleted in Freshservice; clear it with `warroom changes --forget` and re-run',
    invalid: 'check FRESHSERVICE_REQUESTER_ID and the mandatory change fields of your Freshservice form',
    unreachable: `check FRESHSERVICE_URL (${config.url})`,
  };
  const what = (action: string, object: string) => ({ system: 'Freshservice', action, object });
  return {
    system: 'freshservice',
    async create(draft) {
      const res = await callService(what('creating', `the change "${draft.subject}"`), hints, () =>
        client.post('/api/v2/changes', toFreshserviceChange(draft, config.requesterId, 'create')),
      );
      return fromFreshserviceChange(res.data, config.url);
    },
    async update(id, draft) {
      const res = await callService(what('updating', `change ${id}`), hints, () =>
        client.put(
          `/api/v2/changes/${encodeURIComponent(id)}`,
          toFreshserviceChange(draft, config.requesterId, 'update'),
        ),
      );
      return fromFreshserviceChange(res.data, config.url);
    },
    async read(id) {
      const res = await callService(what('reading', `change ${id}`), hints, () =>
        client.get(`/api/v2/changes/${encodeURIComponent(id)}`),
      );
      return fromFreshserviceChange(res.data, config.url);
    },
    async findByMarker(marker, since) {
      const res = await callService(what('listing', 'recent changes'), hints, () =>
        client.get<{ changes?: unknown[] }>('/api/v2/changes', {
          params: { updated_since: new Date(since).toISOString(), per_page: 100 },
        }),
      );
      const found = (res.data.changes ?? []).find((c) => subjectOf(c).includes(marker));
      return found ? fromFreshserviceChange({ change: found }, config.url) : undefined;
    },
  };
}
