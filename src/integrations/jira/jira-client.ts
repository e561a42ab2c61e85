/**
 * Jira Cloud REST v3: `GET /rest/api/3/issue/{key}` with basic auth (account e-mail and API token).
 */
import type { JiraConfig, HttpSettings } from '../../config/integrations.js';
import { WarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { IssueTracker, TrackerIssue } from '../../ports/tickets.js';
import { createHttpClient } from '../http-client.js';
import { callService } from '../service-error.js';
import { mapJiraIssue, type JiraIssueResponse } from './jira-mapper.js';

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/;

export function createJiraClient(config: JiraConfig, http: HttpSettings): IssueTracker {
  registerSecret(config.apiToken);
  const client = createHttpClient({
    system: 'Jira',
    baseURL: config.baseUrl,
    auth: { username: config.email, password: config.apiToken },
    timeoutMs: http.timeoutMs,
    retries: http.retries,
  });
  const hints = {
    auth: 'check JIRA_EMAIL and JIRA_API_TOKEN (an API token of that account, not its password)',
    forbidden: "give the JIRA_EMAIL account 'Browse projects' on the issue's project",
    notFound: 'check the key, and that the JIRA_EMAIL account can see the project',
    unreachable: `check JIRA_BASE_URL (${config.baseUrl})`,
  };
  return {
    async readIssue(key) {
      if (!ISSUE_KEY.test(key))
        throw new WarroomError('usage', `'${key}' is not a Jira issue key (expected e.g. SEC-4821)`);
      const response = await callService(
        { system: 'Jira', action: 'reading', object: `issue ${key}` },
        hints,
        () => client.get<JiraIssueResponse>(`/rest/api/3/issue/${encodeURIComponent(key)}`),
      );
      return mapJiraIssue(response.data, config.browseUrl ?? config.baseUrl) satisfies TrackerIssue;
    },
  };
}
