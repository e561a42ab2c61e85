/**
 * ConnectWise PSA (Manage) REST API, as much as warroom uses, under /v4_6_release/apis/3.0: basic auth
 * `company+publicKey:privateKey`, a `clientId` header (missing: 400, as ConnectWise answers), GET
 * /company/configurations?conditions=name="..." and PATCH /company/configurations/{id} with a JSON Patch
 * array (op replace/add, path of a known field).
 */
import { basicAuth, FakeService, matchPath, type FakeRequest, type RouteResult } from './fake-server.js';

export const CONNECTWISE_BASE_PATH = '/v4_6_release/apis/3.0';

export interface ConnectwiseFakeOptions {
  company?: string;
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  /** Configuration names (ids are given in order from 5001). */
  configurations?: string[];
}

export interface FakeConfiguration extends Record<string, unknown> {
  id: number;
  name: string;
  osInfo: string;
}

const PATCHABLE = new Set(['osInfo', 'osType', 'notes', 'serialNumber', 'modelNumber', 'ipAddress']);

export class ConnectwiseFake extends FakeService {
  protected readonly name = 'ConnectWise';
  readonly company: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly clientId: string;
  readonly configurations: FakeConfiguration[];

  constructor(options: ConnectwiseFakeOptions = {}) {
    super();
    this.company = options.company ?? 'mspsample';
    this.publicKey = options.publicKey ?? 'cwPublicSample';
    this.privateKey = options.privateKey ?? 'cwPrivateSampleKey';
    this.clientId = options.clientId ?? '00000000-0000-4000-8000-00000000c11d';
    this.configurations = (options.configurations ?? []).map((name, i) => ({
      id: 5001 + i,
      name,
      osInfo: '',
    }));
  }

  static start(options: ConnectwiseFakeOptions = {}): Promise<ConnectwiseFake> {
    return new ConnectwiseFake(options).listen();
  }

  /** The API base, as CONNECTWISE_URL takes it. */
  get apiUrl(): string {
    return `${this.base}${CONNECTWISE_BASE_PATH}`;
  }

  configuration(name: string): FakeConfiguration | undefined {
    return this.configurations.find((c) => c.name === name);
  }

  protected routeOf(req: FakeRequest): string {
    const path = req.path.startsWith(CONNECTWISE_BASE_PATH)
      ? req.path.slice(CONNECTWISE_BASE_PATH.length)
      : '';
    if (path === '/company/configurations' && req.method === 'GET') return 'list_configurations';
    if (matchPath('/company/configurations/:id', path) && req.method === 'PATCH')
      return 'patch_configuration';
    return 'unmatched';
  }

  protected errorBody(status: number, message: string): unknown {
    return { code: status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : 'Error', message };
  }

  protected handle(req: FakeRequest): RouteResult {
    const route = this.routeOf(req);
    const json = (status: number, body: unknown): RouteResult => ({ route, reply: { status, body } });
    if (!req.headers.clientid)
      return json(400, { code: 'InvalidObject', message: 'clientId header is required' });
    const auth = basicAuth(req.headers);
    if (
      !auth ||
      auth.user !== `${this.company}+${this.publicKey}` ||
      auth.password !== this.privateKey ||
      req.headers.clientid !== this.clientId
    )
      return json(401, this.errorBody(401, 'Authentication failed'));
    const path = req.path.slice(CONNECTWISE_BASE_PATH.length);
    if (route === 'list_configurations') {
      const conditions = req.query.get('conditions') ?? '';
      const m = /^name\s*=\s*"((?:[^"\\]|\\.)*)"$/.exec(conditions.trim());
      if (conditions && !m)
        return json(400, { code: 'InvalidObject', message: `conditions not understood: ${conditions}` });
      const name = m?.[1]?.replace(/\\(.)/g, '$1');
      return json(
        200,
        this.configurations.filter((c) => name === undefined || c.name === name),
      );
    }
    if (route === 'patch_configuration') {
      const id = Number(matchPath('/company/configurations/:id', path)!.id);
      const item = this.configurations.find((c) => c.id === id);
      if (!item) return json(404, this.errorBody(404, `Configuration with id ${id} not found`));
      const ops = req.body;
      if (!Array.isArray(ops) || ops.length === 0)
        return json(400, { code: 'InvalidObject', message: 'expected a JSON Patch array' });
      for (const op of ops as { op?: unknown; path?: unknown; value?: unknown }[]) {
        const field = typeof op.path === 'string' ? op.path.replace(/^\//, '') : '';
        if ((op.op !== 'replace' && op.op !== 'add') || !PATCHABLE.has(field) || typeof op.value !== 'string')
          return json(400, { code: 'InvalidObject', message: `cannot apply ${JSON.stringify(op)}` });
        item[field] = op.value;
      }
      return json(200, item);
    }
    return json(404, this.errorBody(404, `no route ${req.method} ${req.path}`));
  }
}
