/**
 * The sample security change request the embedded default plans from: Jira issue SEC-4821 as Jira Cloud
 * REST v3 returns it (description in Atlassian Document Format). Its fields use Jira's own ids: affected
 * versions in `versions`, the fixed version in `fixVersions`, the tag and the advisory in custom fields.
 */
import { textToAdf } from '../jira/adf.js';

export const SAMPLE_ISSUE_KEY = 'SEC-4821';

export const SAMPLE_JIRA_FIELDS = {
  affectedVersions: 'versions',
  fixedVersion: 'fixVersions',
  tag: 'customfield_10051',
  advisory: 'customfield_10052',
} as const;

const ADVISORY =
  'https://sec.cloudapps.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-iosxe-webui-privesc-j22SaA4z';

export function sampleIssues(): Record<string, { fields: Record<string, unknown> }> {
  return {
    [SAMPLE_ISSUE_KEY]: {
      fields: {
        summary: 'Cisco IOS XE Web UI privilege escalation: upgrade cisco-edge fleet to 17.09.05',
        labels: ['security', 'cisco-edge', 'q2-fleet-upgrade'],
        issuetype: { name: 'Change' },
        status: { name: 'Approved' },
        versions: [{ name: '16.12.05' }, { name: '17.03.04' }, { name: '17.06.05' }],
        fixVersions: [{ name: '17.09.05' }],
        customfield_10051: 'cisco-edge',
        customfield_10052: ADVISORY,
        description: textToAdf(
          [
            'The security team asks for every cisco-edge device on an affected release to be upgraded.',
            `Advisory: ${ADVISORY}`,
            'Affected versions: 16.12.05, 17.03.04, 17.06.05',
            'Fixed in: 17.09.05',
            'Tag: cisco-edge',
            'Schedule per customer maintenance windows; CAB approval required.',
          ].join('\n'),
        ),
      },
    },
  };
}
