/** Jira Cloud: the issue a plan is read from. */
export { createJiraClient } from './jira-client.js';
export { mapJiraIssue, type JiraIssueResponse } from './jira-mapper.js';
export { flattenAdf, textToAdf, type AdfNode } from './adf.js';
