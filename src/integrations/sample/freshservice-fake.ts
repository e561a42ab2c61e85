/**
 * Freshservice API v2 changes, as much as warroom uses: basic auth with the API key as the user,
 * POST /api/v2/changes (the mandatory fields and their documented codes checked, unknown fields refused),
 * PUT and GET /api/v2/changes/{id}, GET /api/v2/changes?updated_since=. CAB is a method: `decide(id, ...)`,
 * or `autoApprove` for the embedded default (approved when read for the first time).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { basicAuth, FakeService, matchPath, type FakeRequest, type RouteResult } from './fake-server.js';

export interface FreshserviceFakeOptions {
  apiKey?: string;
  /** The sample CAB: approve a change the first time warroom reads it. */
  autoApprove?: boolean;
  /** Requester ids that exist (default: 1001). */
  requesterIds?: number[];
  /** Keep the changes in this JSON file, so the sample's changes outlive one command. */
  stateFile?: string;
}

export interface StoredChange extends Record<string, unknown> {
  id: number;
  subject: string;
  approval_status: number;
  status: number;
  created_at: string;
  updated_at: string;
}

const FIELDS: Record<string, 'string' | 'number' | 'object'> = {
  subject: 'string',
  description: 'string',
  requester_id: 'number',
  priority: 'number',
  impact: 'number',
  risk: 'number',
  change_type: 'number',
  status: 'number',
  planned_start_date: 'string',
  planned_end_date: 'string',
  planning_fields: 'object',
  agent_id: 'number',
  group_id: 'number',
  department_id: 'number',
  category: 'string',
  custom_fields: 'object',
};
const REQUIRED = [
  'subject',
  'description',
  'requester_id',
  'priority',
  'impact',
  'risk',
  'change_type',
  'planned_start_date',
  'planned_end_date',
];
const RANGES: Record<string, [number, number]> = {
  priority: [1, 4],
  impact: [1, 3],
  risk: [1, 4],
  change_type: [1, 4],
  status: [1, 6],
};
const PLANNING = new Set(['reason_for_change', 'change_impact', 'rollout_plan', 'backout_plan']);

interface FieldError {
  field: string;
  message: string;
  code: string;
}

export class FreshserviceFake extends FakeService {
  protected readonly name = 'Freshservice';
  readonly apiKey: string;
  readonly changes = new Map<number, StoredChange>();
  private readonly autoApprove: boolean;
  private readonly requesterIds: Set<number>;
  private nextId = 1;
  private tick = 0;
  private readonly stateFile: string | undefined;

  constructor(options: FreshserviceFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'fs-sample-api-key';
    this.autoApprove = options.autoApprove ?? false;
    this.requesterIds = new Set(options.requesterIds ?? [1001]);
    this.stateFile = options.stateFile;
    if (this.stateFile && existsSync(this.stateFile)) {
      const state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as {
        changes: StoredChange[];
        tick: number;
      };
      for (const c of state.changes) this.changes.set(c.id, c);
      this.nextId = Math.max(0, ...state.changes.map((c) => c.id)) + 1;
      this.tick = state.tick;
    }
  }

  private save(): void {
    if (!this.stateFile) return;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({ changes: [...this.changes.values()], tick: this.tick }, null, 2) + '\n',
    );
    renameSync(tmp, this.stateFile);
  }

  static start(options: FreshserviceFakeOptions = {}): Promise<FreshserviceFake> {
    return new FreshserviceFake(options).listen();
  }

  /** CAB decides: approved moves the change to Pending Release, rejected back to Planning. */
  decide(id: number, decision: 'approved' | 'rejected' | 'requested'): void {
    const change = this.changes.get(id);
    if (!change) throw new Error(`no change ${id}`);
    change.approval_status = decision === 'approved' ? 1 : decision === 'rejected' ? 2 : 0;
    change.status = decision === 'approved' ? 4 : decision === 'rejected' ? 2 : 3;
    change.updated_at = this.now();
    this.save();
  }

  /** Timestamps move forward per write, so updated_since works without a clock. */
  private now(): string {
    this.tick += 1;
    return new Date(Date.UTC(2026, 11, 1) + this.tick * 1000).toISOString();
  }

  protected routeOf(req: FakeRequest): string {
    if (req.path === '/api/v2/changes') return req.method === 'POST' ? 'create_change' : 'list_changes';
    if (matchPath('/api/v2/changes/:id', req.path))
      return req.method === 'PUT' ? 'update_change' : 'get_change';
    return 'unmatched';
  }

  protected errorBody(status: number, message: string): unknown {
    if (status === 401)
      return { code: 'access_denied', message: 'You are not authorized to perform this action.' };
    if (status === 404) return { code: 'not_found', message: 'Record not found' };
    if (status === 429)
      return { code: 'rate_limited', message: 'You have exceeded the limit of requests per minute' };
    return { code: 'error', message };
  }

  protected handle(req: FakeRequest): RouteResult {
    const route = this.routeOf(req);
    const auth = basicAuth(req.headers);
    if (!auth || auth.user !== this.apiKey)
      return { route, reply: { status: 401, body: this.errorBody(401, '') } };
    const json = (status: number, body: unknown): RouteResult => ({ route, reply: { status, body } });
    switch (route) {
      case 'create_change': {
        if (!req.headers['content-type']?.includes('application/json'))
          return json(415, {
            code: 'invalid_content_type',
            message: 'Content-Type must be application/json',
          });
        const errors = this.validate(req.body, true);
        if (errors.length) return json(400, { description: 'Validation failed', errors });
        const at = this.now();
        const change: StoredChange = {
          ...(req.body as Record<string, unknown>),
          id: this.nextId++,
          subject: String((req.body as { subject: string }).subject),
          status: Number((req.body as { status?: number }).status ?? 1),
          approval_status: 4,
          created_at: at,
          updated_at: at,
        };
        this.changes.set(change.id, change);
        this.save();
        return json(201, { change });
      }
      case 'update_change':
      case 'get_change': {
        const id = Number(matchPath('/api/v2/changes/:id', req.path)!.id);
        const change = this.changes.get(id);
        if (!change) return json(404, this.errorBody(404, ''));
        if (route === 'get_change') {
          if (req.method !== 'GET') return json(405, this.errorBody(405, 'method not allowed'));
          if (this.autoApprove && change.approval_status !== 1) this.decide(id, 'approved');
          return json(200, { change });
        }
        const errors = this.validate(req.body, false);
        if (errors.length) return json(400, { description: 'Validation failed', errors });
        Object.assign(change, req.body as Record<string, unknown>, { updated_at: this.now() });
        this.save();
        return json(200, { change });
      }
      case 'list_changes': {
        const since = req.query.get('updated_since');
        const sinceMs = since ? Date.parse(since) : -Infinity;
        if (since && Number.isNaN(sinceMs))
          return json(400, {
            description: 'Validation failed',
            errors: [{ field: 'updated_since', message: 'invalid date', code: 'invalid_value' }],
          });
        const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30));
        const changes = [...this.changes.values()]
          .filter((c) => Date.parse(c.updated_at) >= sinceMs)
          .slice(0, perPage);
        return json(200, { changes });
      }
      default:
        return json(404, { code: 'not_found', message: `no route ${req.method} ${req.path}` });
    }
  }

  private validate(body: unknown, create: boolean): FieldError[] {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return [{ field: 'body', message: 'expected a JSON object', code: 'invalid_json' }];
    const b = body as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const [field, value] of Object.entries(b)) {
      const type = FIELDS[field];
      if (!type)
        errors.push({ field, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
      else if (typeof value !== type || value === null)
        errors.push({
          field,
          message: `It should be a/an ${type === 'number' ? 'Integer' : type === 'object' ? 'key/value pair' : 'String'}`,
          code: 'datatype_mismatch',
        });
    }
    if (create)
      for (const field of REQUIRED)
        if (b[field] === undefined)
          errors.push({ field, message: 'It should be a/an mandatory field', code: 'missing_field' });
    for (const [field, [lo, hi]] of Object.entries(RANGES)) {
      const v = b[field];
      if (typeof v === 'number' && (!Number.isInteger(v) || v < lo || v > hi))
        errors.push({
          field,
          message: `It should be one of these values: ${Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).join(',')}`,
          code: 'invalid_value',
        });
    }
    if (typeof b.requester_id === 'number' && !this.requesterIds.has(b.requester_id))
      errors.push({
        field: 'requester_id',
        message: 'There is no contact matching the given requester_id',
        code: 'invalid_value',
      });
    const start = typeof b.planned_start_date === 'string' ? Date.parse(b.planned_start_date) : NaN;
    const end = typeof b.planned_end_date === 'string' ? Date.parse(b.planned_end_date) : NaN;
    if (b.planned_start_date !== undefined && Number.isNaN(start))
      errors.push({
        field: 'planned_start_date',
        message: 'It should be in the ISO 8601 format',
        code: 'invalid_value',
      });
    if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start)
      errors.push({
        field: 'planned_end_date',
        message: 'Planned end date should be after planned start date',
        code: 'invalid_value',
      });
    if (b.planning_fields && typeof b.planning_fields === 'object') {
      for (const [k, v] of Object.entries(b.planning_fields as Record<string, unknown>)) {
        if (!PLANNING.has(k))
          errors.push({
            field: `planning_fields.${k}`,
            message: 'Unexpected/invalid field in request',
            code: 'invalid_field',
          });
        else if (!v || typeof (v as { description?: unknown }).description !== 'string')
          errors.push({
            field: `planning_fields.${k}`,
            message: 'expected { description: String }',
            code: 'datatype_mismatch',
          });
      }
    }
    return errors;
  }
}
