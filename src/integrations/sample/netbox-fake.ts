/**
 * NetBox's REST API, as much as warroom uses: `Authorization: Token <token>`, GET /api/dcim/devices/ with
 * name / tag / site filters and limit/offset pages (absolute `next` links), PATCH /api/dcim/devices/{id}/
 * whose custom_fields must name custom fields that exist. Paths end in `/` as NetBox's do.
 */
import type { Inventory } from '../../inventory/schema.js';
import type { NetboxDevice } from '../netbox/netbox-mapper.js';
import { FakeService, matchPath, type FakeRequest, type RouteResult } from './fake-server.js';

export interface NetboxFakeOptions {
  token?: string;
  /** Custom fields defined on dcim.device (default software_version, boot_mode, redundancy, members, risk). */
  customFields?: string[];
  devices?: NetboxDevice[];
}

/** NetBox devices for an inventory's hosts, the version in custom field `software_version`. */
export function netboxDevicesFromInventory(inventory: Inventory): NetboxDevice[] {
  return inventory.hosts.map((h, i) => ({
    id: 101 + i,
    name: h.name,
    serial: h.serial,
    device_type: { model: h.model },
    role: { slug: h.role },
    tenant: { slug: h.customer },
    site: { slug: h.site },
    primary_ip4: { address: `${h.address}/24` },
    oob_ip: h.oob_address ? { address: `${h.oob_address}/24` } : null,
    tags: h.tags.map((t) => ({ slug: t, name: t })),
    custom_fields: {
      software_version: h.version,
      boot_mode: h.boot_mode,
      redundancy: h.redundancy,
      members: h.members,
      risk: h.risk,
    },
  }));
}

export class NetboxFake extends FakeService {
  protected readonly name = 'NetBox';
  readonly token: string;
  readonly devices: NetboxDevice[];
  private readonly customFields: Set<string>;

  constructor(options: NetboxFakeOptions = {}) {
    super();
    this.token = options.token ?? '0123456789abcdef0123456789abcdef01234567';
    this.devices = options.devices ?? [];
    this.customFields = new Set(
      options.customFields ?? ['software_version', 'boot_mode', 'redundancy', 'members', 'risk'],
    );
  }

  static start(options: NetboxFakeOptions = {}): Promise<NetboxFake> {
    return new NetboxFake(options).listen();
  }

  device(name: string): NetboxDevice | undefined {
    return this.devices.find((d) => d.name === name);
  }

  protected routeOf(req: FakeRequest): string {
    if (req.path === '/api/dcim/devices/' && req.method === 'GET') return 'list_devices';
    if (matchPath('/api/dcim/devices/:id/', req.path) && req.method === 'PATCH') return 'patch_device';
    return 'unmatched';
  }

  protected errorBody(status: number, message: string): unknown {
    return {
      detail: status === 401 || status === 403 ? 'Invalid token' : status === 404 ? 'Not found.' : message,
    };
  }

  protected handle(req: FakeRequest): RouteResult {
    const route = this.routeOf(req);
    const token = /^Token (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    // NetBox answers 403 to a bad token (DRF's permission check); no header at all is a 403 as well.
    if (token !== this.token) return { route, reply: { status: 403, body: this.errorBody(403, '') } };
    if (route === 'list_devices') {
      const names = req.query.getAll('name');
      const tags = req.query.getAll('tag');
      const sites = req.query.getAll('site');
      const limit = Math.min(1000, Number(req.query.get('limit') ?? 50));
      const offset = Number(req.query.get('offset') ?? 0);
      const matching = this.devices.filter(
        (d) =>
          (!names.length || names.includes(d.name ?? '')) &&
          tags.every((t) => d.tags?.some((x) => x.slug === t)) &&
          (!sites.length || sites.includes(d.site?.slug ?? '')),
      );
      const page = matching.slice(offset, offset + limit);
      const nextParams = new URLSearchParams(req.query);
      nextParams.set('offset', String(offset + limit));
      return {
        route,
        reply: {
          status: 200,
          body: {
            count: matching.length,
            next: offset + limit < matching.length ? `${this.base}/api/dcim/devices/?${nextParams}` : null,
            previous: null,
            results: page,
          },
        },
      };
    }
    if (route === 'patch_device') {
      const id = Number(matchPath('/api/dcim/devices/:id/', req.path)!.id);
      const device = this.devices.find((d) => d.id === id);
      if (!device) return { route, reply: { status: 404, body: this.errorBody(404, '') } };
      const body = req.body as { custom_fields?: Record<string, unknown> } | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        return { route, reply: { status: 400, body: { detail: 'JSON parse error' } } };
      const unknown = Object.keys(body).filter((k) => k !== 'custom_fields');
      if (unknown.length)
        return {
          route,
          reply: { status: 400, body: { [unknown[0]!]: ['This field is not writable here.'] } },
        };
      for (const k of Object.keys(body.custom_fields ?? {}))
        if (!this.customFields.has(k))
          return {
            route,
            reply: {
              status: 400,
              body: { custom_fields: [`Unknown field name '${k}' in custom field data.`] },
            },
          };
      device.custom_fields = { ...device.custom_fields, ...body.custom_fields };
      return { route, reply: { status: 200, body: device } };
    }
    return { route, reply: { status: 404, body: this.errorBody(404, '') } };
  }
}
