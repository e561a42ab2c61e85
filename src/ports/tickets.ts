/**
 * The issue tracker the plan is read from (Jira Cloud in production, the sample in the embedded default).
 * The adapter turns the service's shapes into this one; deciding what the fields mean is the planner's job.
 */
export interface TrackerIssue {
  /** `SEC-4821` */
  key: string;
  /** Where a person opens it. */
  url: string;
  summary: string;
  labels: string[];
  /** The description as plain text (Atlassian Document Format flattened, one paragraph per line). */
  descriptionText: string;
  /** Every link in the description, in order. */
  descriptionLinks: string[];
  /** The issue's other fields as the service returned them, by field id (`customfield_10050`, `fixVersions`). */
  fields: Readonly<Record<string, unknown>>;
}

export interface IssueTracker {
  /** Throws `not_found` for an unknown key, `auth_failed` for refused credentials. */
  readIssue(key: string): Promise<TrackerIssue>;
}
