/**
 * Local fakes of the systems around a window, on 127.0.0.1: the embedded default's "sample" backend and
 * the tests' fakes (test/ imports them from here). Each checks requests the way the real service documents
 * them and fails on demand (`failNext`).
 */
export { FakeService, type FakeFailure, type FakeRequest, type RecordedFakeRequest } from './fake-server.js';
export { JiraFake, type JiraFakeOptions } from './jira-fake.js';
export { FreshserviceFake, type FreshserviceFakeOptions, type StoredChange } from './freshservice-fake.js';
export { GmailFake, type GmailFakeOptions, type FakeGmailMessage } from './gmail-fake.js';
export { NetboxFake, netboxDevicesFromInventory, type NetboxFakeOptions } from './netbox-fake.js';
export { ConnectwiseFake, CONNECTWISE_BASE_PATH, type ConnectwiseFakeOptions } from './connectwise-fake.js';
export { SAMPLE_ISSUE_KEY, SAMPLE_JIRA_FIELDS, sampleIssues } from './sample-issue.js';
export { startSampleIntegrations, type SampleIntegrations } from './start-sample.js';
