/** Jira's issue JSON to our TrackerIssue. Pure. */
import { WarroomError } from '../../core/errors.js';
import type { TrackerIssue } from '../../ports/tickets.js';
import { flattenAdf } from './adf.js';

export interface JiraIssueResponse {
  key?: unknown;
  fields?: Record<string, unknown>;
}

export function mapJiraIssue(body: JiraIssueResponse, baseUrl: string): TrackerIssue {
  const fields = body.fields;
  if (typeof body.key !== 'string' || !fields || typeof fields !== 'object')
    throw new WarroomError('unexpected_output', 'Jira answered without an issue key and fields', {
      detail: JSON.stringify(body).slice(0, 300),
    });
  const { summary, labels, description, ...rest } = fields;
  const flat = description ? flattenAdf(description) : { text: '', links: [] };
  return {
    key: body.key,
    url: `${baseUrl.replace(/\/+$/, '')}/browse/${body.key}`,
    summary: typeof summary === 'string' ? summary : '',
    labels: Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [],
    descriptionText: flat.text,
    descriptionLinks: flat.links,
    fields: rest,
  };
}
