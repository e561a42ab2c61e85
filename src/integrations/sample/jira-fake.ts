/**
 * Jira Cloud REST v3, as much as warroom uses: `GET /rest/api/3/issue/{key}` with basic auth (account
 * e-mail and API token). Descriptions must be Atlassian Document Format; errors use Jira's
 * `{ errorMessages, errors }` body.
 */
import { basicAuth, FakeService, matchPath, type FakeRequest, type RouteResult } from './fake-server.js';
import { sampleIssues } from './sample-issue.js';

export interface JiraFakeOptions {
  email?: string;
  apiToken?: string;
  issues?: Record<string, { fields: Record<string, unknown> }>;
}

export class JiraFake extends FakeService {
  protected readonly name = 'Jira';
  readonly email: string;
  readonly apiToken: string;
  readonly issues: Map<string, { fields: Record<string, unknown> }>;

  constructor(options: JiraFakeOptions = {}) {
    super();
    this.email = options.email ?? 'warroom@example.com';
    this.apiToken = options.apiToken ?? 'jira-sample-token';
    this.issues = new Map(Object.entries(options.issues ?? sampleIssues()));
  }

  static start(options: JiraFakeOptions = {}): Promise<JiraFake> {
    return new JiraFake(options).listen();
  }

  protected routeOf(req: FakeRequest): string {
    return matchPath('/rest/api/3/issue/:key', req.path) ? 'get_issue' : 'unmatched';
  }

  protected errorBody(status: number, message: string): unknown {
    return {
      errorMessages: [status === 401 ? 'Client must be authenticated to access this resource.' : message],
      errors: {},
    };
  }

  protected handle(req: FakeRequest): RouteResult {
    const auth = basicAuth(req.headers);
    if (!auth || auth.user !== this.email || auth.password !== this.apiToken)
      return { route: this.routeOf(req), reply: { status: 401, body: this.errorBody(401, '') } };
    const params = matchPath('/rest/api/3/issue/:key', req.path);
    if (!params || req.method !== 'GET')
      return {
        route: 'unmatched',
        reply: { status: 404, body: this.errorBody(404, `no route ${req.method} ${req.path}`) },
      };
    const issue = this.issues.get(params.key!);
    if (!issue)
      return {
        route: 'get_issue',
        reply: {
          status: 404,
          body: this.errorBody(404, 'Issue does not exist or you do not have permission to see it.'),
        },
      };
    const description = issue.fields.description as
      { type?: unknown; version?: unknown; attrs?: unknown } | undefined;
    if (description && description.type !== 'doc')
      return {
        route: 'get_issue',
        reply: { status: 500, body: this.errorBody(500, 'stored description is not ADF') },
      };
    return {
      route: 'get_issue',
      reply: {
        status: 200,
        body: {
          id: String(10000 + [...this.issues.keys()].indexOf(params.key!)),
          key: params.key,
          self: `${this.base}/rest/api/3/issue/${params.key}`,
          fields: issue.fields,
        },
      },
    };
  }
}
