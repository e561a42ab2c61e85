/**
 * The procedures warroom ships: they validate, every expression and template evaluates against a scope
 * shaped the way the engine builds it (no unknown names at 2 AM), and the rollback and approval command
 * sets come out as the exact CLI an approver should see.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffScope, diffSnapshots, type OperationalFacts } from '../../src/engine/snapshot-diff.js';
import { parseImageCatalogue, parseInventory } from '../../src/inventory/load.js';
import { platformProfile } from '../../src/inventory/platforms.js';
import {
  approvalCommands,
  evaluateCondition,
  FACT_NAMES,
  formatSourceIssue,
  procedureRollbackCommands,
  readProcedure,
  renderTemplate,
  stepCommands,
  stepFields,
  type Procedure,
  type ProcedureFacts,
  type Scope,
  type StepState,
} from '../../src/procedures/index.js';

const FILES = [
  'procedures/iosxe-upgrade.yml',
  'procedures/iosxe-upgrade-bundle.yml',
  'procedures/iosxe-issu.yml',
  'procedures/monthly-maintenance.yml',
];

async function load(file: string): Promise<Procedure> {
  const result = await readProcedure(file);
  if (!result.ok) throw new Error(result.issues.map(formatSourceIssue).join('\n'));
  return result.value;
}

const inventory = parseInventory(readFileSync('data/inventory.yml', 'utf8'), 'data/inventory.yml');
const catalogue = parseImageCatalogue(readFileSync('data/images.yml', 'utf8'), 'data/images.yml');
if (!inventory.ok || !catalogue.ok) throw new Error('seed data does not validate');

/** A scope the way the engine builds it for one host (src/procedures/vocabulary.ts). */
function hostScope(
  procedure: Procedure,
  hostName: string,
  steps: Record<string, Partial<StepState>> = {},
  factOverrides: Partial<ProcedureFacts> = {},
): Scope {
  const inv = inventory.ok ? inventory.value : undefined;
  const host = inv?.hosts.find((h) => h.name === hostName);
  if (!inv || !host || !catalogue.ok) throw new Error(`no host ${hostName}`);
  const profile = platformProfile(host.model)!;
  const image = catalogue.value.images.find((i) => i.version === '17.09.05' && i.families.includes(profile.family))!;
  const running =
    host.boot_mode === 'install' ? `${profile.flash}packages.conf` : `${profile.flash}${profile.imagePrefix}.${host.version}.SPA.bin`;
  const facts: ProcedureFacts = {
    reachable: true,
    hostname: host.name,
    version: host.version,
    model: host.model,
    boot_mode: host.boot_mode,
    running_image: running,
    flash_device: profile.flash,
    flash_total: 16_000_000_000,
    free_flash: 12_000_000_000,
    files: ['packages.conf'],
    install_in_progress: false,
    install_uncommitted: false,
    auto_abort_active: false,
    redundancy_mode: host.redundancy === 'none' ? 'none' : 'sso',
    peer_state: host.redundancy === 'none' ? null : 'STANDBY HOT',
    members: host.members,
    members_ready: host.members,
    member_versions: Array.from({ length: host.members }, () => host.version),
    boot_variable: [running],
    issu_capable: host.redundancy === 'dual_sup' || host.redundancy === 'svl',
    uptime_seconds: 86_400,
    ...factOverrides,
  };
  const states: Record<string, StepState> = {};
  for (const s of [...procedure.steps, ...procedure.rollback])
    states[s.id] = { ok: false, status: 'pending', changed: false, output: '', result: null, ...steps[s.id] };
  states.facts = { ...states.facts!, ok: true, status: 'passed', result: { ...facts } };
  return {
    host: { ...host, family: profile.family },
    customer: { id: host.customer, ...inv.customers[host.customer]! },
    site: { id: host.site, ...inv.sites[host.site]! },
    image: { ...image },
    target: { version: '17.09.05', image: image.file },
    window: { id: 'W-1', start: '2026-12-05T22:00:00-05:00', end: '2026-12-06T02:00:00-05:00', customer: host.customer, on_call: 'Dana', change_request: 'CHG-1', jira: 'SEC-1' },
    run: { id: 'run-1' },
    vars: procedure.vars,
    facts,
    steps: states,
  };
}

const ops = (overrides: Partial<OperationalFacts> = {}): OperationalFacts => ({
  version: '17.06.05',
  interfaces: { Gi1: { status: 'up', protocol: 'up' } },
  bgp: { '203.0.113.1': { established: true, state: 'Established', prefixes: 10 } },
  members: { '1': { version: '17.06.05', state: 'Ready' } },
  crashes: [],
  ...overrides,
});

/** Evaluates every condition and renders every template of every step in the given scope. */
function exercise(procedure: Procedure, scope: Scope, postScope: Scope): void {
  for (const step of [...procedure.steps, ...procedure.rollback]) {
    for (const field of stepFields(step)) {
      const where = `${step.id}.${field.path.join('.')}`;
      if (field.type === 'template') {
        const s = field.allowSecrets ? { ...scope, secrets: Object.fromEntries(procedure.secrets.map((n) => [n, 'x'])) } : scope;
        expect(() => renderTemplate(field.source, s), where).not.toThrow();
      } else if (field.use === 'require') {
        expect(evaluateCondition(field.expression, postScope, { bare: 'diff' }), where).toBe(true);
      } else if (field.use === 'expect') {
        const s = { ...postScope, output: 'ok', result: null };
        expect(() => evaluateCondition(field.expression, s), where).not.toThrow();
      } else {
        expect(() => evaluateCondition(field.expression, scope), where).not.toThrow();
      }
    }
  }
}

describe('shipped procedures', () => {
  it.each(FILES)('%s validates', async (file) => {
    const procedure = await load(file);
    expect(procedure.steps.length).toBeGreaterThan(5);
    expect(procedure.rollback.length).toBeGreaterThan(0);
  });

  it.each([
    ['procedures/iosxe-upgrade.yml', 'acme-nyc-acc01'],
    ['procedures/iosxe-upgrade.yml', 'acme-bos-edge01'],
    ['procedures/iosxe-upgrade-bundle.yml', 'globex-dal-acc01'],
    ['procedures/iosxe-upgrade-bundle.yml', 'initech-sfo-edge01'],
    ['procedures/iosxe-issu.yml', 'globex-chi-core01'],
    ['procedures/iosxe-issu.yml', 'acme-nyc-core01'],
  ])('%s reads only names the engine provides (%s)', async (file, host) => {
    const procedure = await load(file);
    const before = hostScope(procedure, host);
    const pre = ops();
    const post = ops({ version: '17.09.05', members: { '1': { version: '17.09.05', state: 'Ready' } } });
    const after = hostScope(procedure, host, {}, { version: '17.09.05', member_versions: ['17.09.05'] });
    const postScope = { ...after, diff: diffScope(diffSnapshots(pre, post, { target: '17.09.05' })) };
    exercise(procedure, before, postScope);
    // The pre-checks pass on a healthy device that is not on the target yet.
    for (const step of procedure.steps.filter((s) => s.kind === 'check' && s.non_negotiable)) {
      if (step.when && !evaluateCondition(step.when, before)) continue;
      for (const e of step.expect ?? []) expect(evaluateCondition(e, before), `${step.id}: ${e.source}`).toBe(true);
    }
    expect(evaluateCondition(procedure.skip_when!, before)).toBe(false);
    expect(evaluateCondition(procedure.skip_when!, after)).toBe(true);
  });

  it('the vocabulary names every fact the shipped procedures read', () => {
    expect(new Set(FACT_NAMES).size).toBe(FACT_NAMES.length);
  });

  it('iosxe-upgrade: the approver sees install activate, and the rollback set depends on the commit', async () => {
    const procedure = await load('procedures/iosxe-upgrade.yml');
    const scope = hostScope(procedure, 'acme-nyc-acc01');
    expect(approvalCommands(procedure, 'approve', scope)).toEqual(['install activate']);
    expect(procedureRollbackCommands(procedure, scope)).toEqual(['install abort']);
    const committed = hostScope(procedure, 'acme-nyc-acc01', { commit: { ok: true, status: 'passed' } });
    expect(procedureRollbackCommands(procedure, committed)).toEqual(['install rollback to base']);
    const add = procedure.steps.find((s) => s.id === 'install-add')!;
    expect(stepCommands(add, scope)).toEqual(['install add file flash:cat9k_iosxe.17.09.05.SPA.bin']);
    const stage = procedure.steps.find((s) => s.id === 'stage')!;
    expect(stepCommands(stage, scope)).toEqual([
      `verify /md5 flash:cat9k_iosxe.17.09.05.SPA.bin ${(scope.image as { md5: string }).md5}`,
    ]);
    const backup = procedure.steps.find((s) => s.id === 'backup-config')!;
    expect(stepCommands(backup, scope)).toEqual(['copy running-config tftp://192.0.2.5/backups/acme-nyc-acc01-run-1.cfg']);
    const pre = procedure.steps.find((s) => s.id === 'pre')!;
    expect(stepCommands(pre, scope)).toContain('show switch');
    expect(stepCommands(pre, hostScope(procedure, 'acme-bos-edge01'))).not.toContain('show switch');
  });

  it('iosxe-upgrade on an ISR uses bootflash:', async () => {
    const procedure = await load('procedures/iosxe-upgrade.yml');
    const scope = hostScope(procedure, 'acme-bos-edge01');
    const add = procedure.steps.find((s) => s.id === 'install-add')!;
    expect(stepCommands(add, scope)).toEqual([`install add file bootflash:${(scope.image as { file: string }).file}`]);
  });

  it('iosxe-upgrade-bundle: boot variable with fallback, reload; rollback reverts the boot variable', async () => {
    const procedure = await load('procedures/iosxe-upgrade-bundle.yml');
    const scope = hostScope(procedure, 'globex-dal-acc01');
    const boot = procedure.steps.find((s) => s.id === 'boot-variable')!;
    expect(stepCommands(boot, scope)).toEqual([
      'configure terminal',
      'no boot system',
      'boot system flash:cat9k_iosxe.17.09.05.SPA.bin',
      'boot system flash:cat9k_iosxe.17.03.04.SPA.bin',
      'end',
    ]);
    expect(approvalCommands(procedure, 'approve', scope)).toEqual(['reload']);
    expect(procedureRollbackCommands(procedure, scope)).toEqual([
      'configure terminal',
      'no boot system',
      'boot system flash:cat9k_iosxe.17.03.04.SPA.bin',
      'end',
      'write memory',
      'reload',
    ]);
  });

  it('iosxe-issu: one in-service command for two approvers; abort or rollback', async () => {
    const procedure = await load('procedures/iosxe-issu.yml');
    const scope = hostScope(procedure, 'globex-chi-core01');
    expect(approvalCommands(procedure, 'approve', scope)).toEqual([
      'install add file bootflash:cat9k_iosxe.17.09.05.SPA.bin activate issu commit',
    ]);
    expect(procedure.steps.find((s) => s.id === 'approve')).toMatchObject({ approvers: 2 });
    expect(procedureRollbackCommands(procedure, scope)).toEqual(['install abort']);
    const done = hostScope(procedure, 'globex-chi-core01', { issu: { ok: true, status: 'passed' } });
    expect(procedureRollbackCommands(procedure, done)).toEqual(['install rollback to base']);
  });

  it('monthly-maintenance runs once per window, timed, with no device step', async () => {
    const procedure = await load('procedures/monthly-maintenance.yml');
    expect(procedure.runs_per).toBe('window');
    const kinds = new Set(procedure.steps.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['approval', 'http', 'manual', 'notify']);
    const at = Object.fromEntries(procedure.steps.filter((s) => s.at).map((s) => [s.id, s.at!.offsetMs / 60_000]));
    expect(at).toEqual({
      'reschedule-jobs': -120,
      'appgw-infra': 0,
      'web-wsus': 30,
      'app-wsus': 450,
      'start-maintenance': 465,
      'notify-ops-start': 480,
    });
    const scope: Scope = {
      window: { id: 'W-MAINT', start: '2026-01-24T21:00:00-06:00' },
      run: { id: 'run-9' },
      vars: procedure.vars,
      steps: Object.fromEntries(
        [...procedure.steps, ...procedure.rollback].map((s) => [s.id, { ok: true, status: 'passed', output: '', result: null, changed: false }]),
      ),
    };
    exercise(procedure, scope, scope);
    // The rollback section sends no CLI: it is pipelines, DNS and a message.
    expect(procedureRollbackCommands(procedure, scope)).toEqual([]);
    const page = procedure.steps.find((s) => s.id === 'page-on-www')!;
    expect(page.disruptive).toBe(true);
  });
});
