/** Shared data for the war-room renderer tests: a host card with the flagship's step titles and a gate. */
import type { ApprovalRequest } from '../../src/ports/operator.js';
import type { StepTitle } from '../../src/ports/warroom-service.js';
import { applyProgress, createHostCard, type HostCard } from '../../src/slack/host-card.js';
import { hostPlan } from './fake-service.js';

export const W = 'W-ACME-2026-12-05';
export const HOST = 'acme-nyc-core01';
export const START = Date.parse('2026-12-05T22:00:00-05:00');
export const json = (v: unknown): string => JSON.stringify(v);

export const STEPS: StepTitle[] = [
  { id: 'reachable', title: 'Device answers on SSH', kind: 'check' },
  { id: 'facts', title: 'Install mode and a supported platform', kind: 'check' },
  { id: 'install-idle', title: 'No install operation in progress, nothing uncommitted', kind: 'check' },
  { id: 'redundancy', title: 'Standby supervisor is STANDBY HOT', kind: 'check' },
  { id: 'stage', title: 'Copy the image to flash and verify its MD5', kind: 'stage' },
  { id: 'approve', title: 'Approve the upgrade', kind: 'approval' },
  { id: 'install-add', title: 'Install add (unpack the image)', kind: 'install' },
  { id: 'activate', title: 'Install activate (reloads the device)', kind: 'install' },
  { id: 'commit', title: 'Install commit', kind: 'install' },
  { id: 'rollback/abort', title: 'Install abort (back to the committed version)', kind: 'install' },
];

export function card(over: Partial<HostCard['plan']> = {}): HostCard {
  return createHostCard(W, 'acme', hostPlan(HOST, { risk: 'high', steps: STEPS, ...over }), 'run-1');
}

export function gate(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    key: `run-1:${HOST}:approve:gate`,
    runId: 'run-1',
    windowId: W,
    customer: 'acme',
    host: HOST,
    step: 'approve',
    title: 'Approve the upgrade',
    commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin', 'install activate', 'install commit'],
    covered: [
      {
        step: 'install-add',
        title: 'Install add (unpack the image)',
        commands: ['install add file flash:cat9k_iosxe.17.09.05.SPA.bin'],
      },
      { step: 'activate', title: 'Install activate (reloads the device)', commands: ['install activate'] },
      { step: 'commit', title: 'Install commit', commands: ['install commit'] },
    ],
    rollback: ['install abort'],
    show: [
      'acme-nyc-core01 (C9500-48Y4C, core, risk high): 17.06.05 -> 17.09.05',
      'Image cat9k_iosxe.17.09.05.SPA.bin staged and verified (md5 0f1e2d3c4b5a69788796a5b4c3d2e1f0)',
    ],
    planHash: '9f3ca1b2c3d4e5f60718293a4b5c6d7e',
    deadline: START + 2 * 3600_000,
    risk: 'high',
    approversRequired: 2,
    approverGroups: ['network-approvers'],
    requestedBy: 'U0DANA',
    ...over,
  };
}

export function progress(
  c: HostCard,
  step: string,
  state: 'passed' | 'running' | 'failed' | 'skipped' | 'waiting',
  ms?: number,
): HostCard {
  return applyProgress(c, {
    runId: 'run-1',
    windowId: W,
    host: HOST,
    step,
    state,
    ...(ms !== undefined ? { durationMs: ms } : {}),
  });
}

/** Every button with a confirm object, by action id. */
export function confirms(
  blocks: unknown[],
): Record<string, { title: { text: string }; text: { text: string } }> {
  const found: Record<string, { title: { text: string }; text: { text: string } }> = {};
  for (const b of blocks as { elements?: { action_id?: string; confirm?: never }[] }[])
    for (const e of b.elements ?? []) if (e.action_id && e.confirm) found[e.action_id] = e.confirm;
  return found;
}
