/**
 * NetBox REST API: `Authorization: Token <token>`. The CMDB update finds the device by name
 * (GET /api/dcim/devices/?name=) and PATCHes /api/dcim/devices/{id}/ with the version in a custom field;
 * the inventory reader lists devices by tag and site, following `next` pages.
 */
import type { HttpSettings, NetboxConfig } from '../../config/integrations.js';
import { WarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { CmdbUpdater } from '../../ports/cmdb.js';
import { createHttpClient } from '../http-client.js';
import { callService, type ServiceHints } from '../service-error.js';
import type { NetboxDevice } from './netbox-mapper.js';

export interface NetboxClient extends CmdbUpdater {
  /** Devices with every given tag slug, at the given site slugs (all sites when empty). */
  listDevices(filter: { tag?: string; sites?: readonly string[] }): Promise<NetboxDevice[]>;
}

const PAGE = 200;
const MAX_PAGES = 100;

export function createNetboxClient(config: NetboxConfig, http: HttpSettings): NetboxClient {
  registerSecret(config.token);
  const client = createHttpClient({
    system: 'NetBox',
    baseURL: config.url,
    headers: { Authorization: `Token ${config.token}`, 'Content-Type': 'application/json' },
    timeoutMs: http.timeoutMs,
    retries: http.retries,
  });
  const hints: ServiceHints = {
    auth: 'check NETBOX_TOKEN (Admin > API Tokens; it must not be expired)',
    forbidden: 'the NETBOX_TOKEN needs write access to dcim.devices (and read for the inventory)',
    notFound: 'check that the device exists in NetBox with the inventory name',
    invalid: `check that the custom field ${config.versionField} exists on dcim.device (Customization > Custom Fields)`,
    unreachable: `check NETBOX_URL (${config.url})`,
  };
  const what = (action: string, object: string) => ({ system: 'NetBox', action, object });
  return {
    system: 'netbox',
    async recordVersion(host, version) {
      const found = await callService(what('finding', `device ${host}`), hints, () =>
        client.get<{ results?: NetboxDevice[] }>('/api/dcim/devices/', { params: { name: host, limit: 2 } }),
      );
      const device = found.data.results?.[0];
      if (!device)
        throw new WarroomError(
          'not_found',
          `NetBox finding device ${host}: no device of that name; ${hints.notFound}`,
        );
      await callService(what('updating', `device ${host} (id ${device.id})`), hints, () =>
        client.patch(`/api/dcim/devices/${device.id}/`, {
          custom_fields: { [config.versionField]: version },
        }),
      );
      return { objectId: String(device.id) };
    },
    async listDevices(filter) {
      const params = new URLSearchParams({ limit: String(PAGE), offset: '0' });
      if (filter.tag) params.append('tag', filter.tag);
      for (const site of filter.sites ?? []) params.append('site', site);
      const out: NetboxDevice[] = [];
      let next: string | null = `/api/dcim/devices/?${params}`;
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const url: string = next;
        const res = await callService(
          what('listing', `devices${filter.tag ? ` tagged ${filter.tag}` : ''}`),
          hints,
          () => client.get<{ results?: NetboxDevice[]; next?: string | null }>(url),
        );
        out.push(...(res.data.results ?? []));
        // `next` is absolute; keep only its path so the configured base (and its auth) is used.
        next = res.data.next ? new URL(res.data.next).pathname + new URL(res.data.next).search : null;
      }
      return out;
    },
  };
}
