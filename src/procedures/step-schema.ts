/**
 * The step kinds a procedure may use and their parameters (inline, next to `kind`). Each kind is a strict
 * object, so a misspelt parameter is an error at its own line. New behaviour is a new kind here plus its
 * executor in the engine, with tests.
 */
import { z } from 'zod';
import type { Expression } from './expression/index.js';
import {
  durationField,
  expressionField,
  expressionListField,
  idField,
  offsetField,
  oneOf,
  regexField,
  templateField,
} from './fields.js';

/**
 * Every step kind, and whether it talks to a device (a procedure that `runs_per: window` may not use those).
 * One table, so a new kind says both at once.
 */
const KIND_TALKS_TO_DEVICE = {
  command: true,
  check: false,
  save: true,
  backup: true,
  stage: true,
  approval: false,
  install: true,
  boot: true,
  reload: true,
  snapshot: true,
  diff: true,
  watch: true,
  functional_check: true,
  manual: false,
  http: false,
  notify: false,
} as const;

export type StepKind = keyof typeof KIND_TALKS_TO_DEVICE;
export const STEP_KINDS = Object.keys(KIND_TALKS_TO_DEVICE) as [StepKind, ...StepKind[]];

/** Kinds that talk to a device. */
export const DEVICE_KINDS: readonly StepKind[] = STEP_KINDS.filter((k) => KIND_TALKS_TO_DEVICE[k]);

export const ON_FAIL = ['abort', 'rollback', 'ask'] as const;
export type OnFail = (typeof ON_FAIL)[number];

const INSTALL_ACTIONS = [
  'remove_inactive',
  'add',
  'activate',
  'commit',
  'add_activate_commit',
  'abort',
  'rollback',
] as const;
export type InstallAction = (typeof INSTALL_ACTIONS)[number];

/** The image a stage/install/boot step uses when it names none. */
export const DEFAULT_IMAGE_TEMPLATE = '{{ image.file }}';

/** Fields every step has. `disruptive` is filled in from the kind when not written (see isDisruptive). */
const stepBase = {
  id: idField,
  name: z.string({ error: 'expected a name (text)' }).min(1, 'expected a name'),
  description: z.string().optional(),
  /** A label grouping steps for people (runbooks: `pre-work`, `test plan`). */
  phase: z.string().min(1).optional(),
  /** Skip the step when this is false. */
  when: expressionField.optional(),
  /** Every expression must hold after the step ran, or the step fails. */
  expect: expressionListField.optional(),
  /** Default abort; after the first disruptive step of `steps`, the policy's on_post_check_fail. */
  on_fail: oneOf(ON_FAIL).optional(),
  disruptive: z.boolean({ error: 'expected true or false' }).optional(),
  /** A failure can never be overridden: on_fail must be abort. */
  non_negotiable: z.boolean({ error: 'expected true or false' }).default(false),
  timeout: durationField.optional(),
  /** Extra attempts after a transient (retryable) error; never for disruptive steps. */
  retries: z
    .number({ error: 'expected a number of retries' })
    .int('expected a whole number')
    .min(0)
    .max(10)
    .default(0),
  /** Wait until this offset from the window start before running (`-13h`, `T+0`, `+45m`). */
  at: offsetField.optional(),
};

const waitSchema = z
  .object({
    /** How long to wait for SSH to answer again after the reload. */
    timeout: durationField.default({ text: '20m', ms: 20 * 60_000 }),
    /** How often to try. */
    poll: durationField.default({ text: '15s', ms: 15_000 }),
  })
  .strict();

const promptSchema = z
  .object({
    /** Regex matched against the end of the output so far. */
    match: regexField,
    /** Sent followed by a newline; may use {{ }}. */
    answer: templateField,
    times: z.number().int().min(1).optional(),
  })
  .strict();

const commandStep = z
  .object({
    ...stepBase,
    kind: z.literal('command'),
    command: templateField,
    /** Parse the output with the parser for this command (its result is `result` in expect). */
    parse: z.boolean().default(true),
    prompts: z.array(promptSchema).default([]),
    /** A regex the raw output must match. */
    expect_output: regexField.optional(),
  })
  .strict();

const checkStep = z
  .object({
    ...stepBase,
    kind: z.literal('check'),
    /** Read the device's facts again before evaluating `expect` (default true). */
    refresh_facts: z.boolean().default(true),
  })
  .strict();

const saveStep = z.object({ ...stepBase, kind: z.literal('save') }).strict();

const backupStep = z
  .object({
    ...stepBase,
    kind: z.literal('backup'),
    to: oneOf(['tftp', 'scp']),
    server: templateField,
    path: templateField,
  })
  .strict();

const stageStep = z
  .object({
    ...stepBase,
    kind: z.literal('stage'),
    image: templateField.default(DEFAULT_IMAGE_TEMPLATE),
    via: oneOf(['auto', 'central', 'jump']).default('auto'),
    verify: oneOf(['md5', 'sha512', 'both']).default('md5'),
    /** Free flash needed, times the image size; default 2.5 in install mode, 1.1 in bundle mode. */
    free_space_factor: z.number().min(1).max(10).optional(),
  })
  .strict();

const approvalStep = z
  .object({
    ...stepBase,
    kind: z.literal('approval'),
    /** Who may approve (a Slack user group or a role); default: the approvers configured for the customer. */
    group: z.string().min(1).optional(),
    /** 1, or 2 distinct people (two-person rule). */
    approvers: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }).default(1),
    /** Lines shown to the approver besides the commands of the steps it covers and the rollback set. */
    show: z.array(templateField).default([]),
  })
  .strict();

const installStep = z
  .object({
    ...stepBase,
    kind: z.literal('install'),
    action: oneOf(INSTALL_ACTIONS),
    /** add / add_activate_commit: the image file (default {{ image.file }}). */
    image: templateField.optional(),
    /** activate / add_activate_commit: in-service upgrade (standby first, then switchover). */
    issu: z.boolean().default(false),
    /** rollback: the point to go back to. */
    to: oneOf(['committed', 'base']).optional(),
    /** activate / add_activate_commit / rollback / abort reload the device: how to wait for SSH. */
    wait: waitSchema.optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const action = step.action;
    if (step.image !== undefined && action !== 'add' && action !== 'add_activate_commit')
      ctx.addIssue({ code: 'custom', path: ['image'], message: `image applies to add and add_activate_commit, not ${action}` });
    if (step.issu && action !== 'activate' && action !== 'add_activate_commit')
      ctx.addIssue({ code: 'custom', path: ['issu'], message: `issu applies to activate and add_activate_commit, not ${action}` });
    if (step.to !== undefined && action !== 'rollback')
      ctx.addIssue({ code: 'custom', path: ['to'], message: `to applies to rollback, not ${action}` });
  });

const bootStep = z
  .object({
    ...stepBase,
    kind: z.literal('boot'),
    /** The .bin to boot (bundle mode); a file name on the flash device or a full `flash:FILE` path. */
    image: templateField.default(DEFAULT_IMAGE_TEMPLATE),
    /** Keep the image booted now as the second boot entry, the fallback. */
    keep_previous: z.boolean().default(true),
  })
  .strict();

const reloadStep = z
  .object({
    ...stepBase,
    kind: z.literal('reload'),
    wait: waitSchema.prefault({}),
  })
  .strict();

/** A snapshot command: text, or `{ command, when }` for one that only some hosts have (`show switch`). */
const snapshotCommand = z
  .union(
    [
      templateField.transform((command) => ({ command })),
      z.object({ command: templateField, when: expressionField.optional() }).strict(),
    ],
    { error: 'expected a command, or { command, when }' },
  )
  .transform((c): { command: string; when?: Expression } => c);

const snapshotStep = z
  .object({
    ...stepBase,
    kind: z.literal('snapshot'),
    /** Referred to by diff steps (`pre`, `post`). */
    snapshot: idField,
    commands: z.array(snapshotCommand).min(1, 'expected at least one command'),
  })
  .strict();

const diffStep = z
  .object({
    ...stepBase,
    kind: z.literal('diff'),
    from: idField,
    to: idField,
    /** Semantic-diff fields (`interfaces.Loopback0`) or `/regex/` for config lines to leave out. */
    ignore: z.array(z.string().min(1)).default([]),
    /** Expressions on the semantic diff (bare names read it): `bgp.lost == 0`. */
    require: expressionListField.default([]),
    /** What may change without counting as lost: it shows in the verdict as tolerated. */
    tolerate: z
      .object({
        /** A route source may lose up to this share of its routes, in percent. */
        route_drop_percent: z.number().min(0).max(100).optional(),
        /** Interfaces (names, or `/regex/`) that may go down or flap, with what runs over them. */
        interfaces: z.array(z.string().min(1)).default([]),
        /** How much an interface's error counter may grow. */
        error_growth: z.number().int().min(0).optional(),
      })
      .strict()
      .default({ interfaces: [] }),
  })
  .strict();

const WATCH_FLAGS = ['crash', 'adjacency_lost'] as const;

const watchStep = z
  .object({
    ...stepBase,
    kind: z.literal('watch'),
    commands: z.array(templateField).min(1, 'expected at least one command'),
    interval: durationField.default({ text: '30s', ms: 30_000 }),
    /** Watch for this long, or ... */
    duration: durationField.optional(),
    /**
     * ... alongside this later step: the watch is armed when reached (it passes at once) and polls while
     * that step runs; when that step ends its verdict becomes the watch's own state (`steps.<watch>.ok`,
     * `.result` a WatchResult), which a later step's expect must check (the validator insists).
     */
    during: idField.optional(),
    /** What fails the watch: a crash or traceback in the log, a BGP neighbour or interface going down. */
    flag: z.array(oneOf(WATCH_FLAGS)).min(1).default([...WATCH_FLAGS]),
  })
  .strict()
  .superRefine((step, ctx) => {
    if ((step.duration === undefined) === (step.during === undefined))
      ctx.addIssue({ code: 'custom', message: 'a watch needs exactly one of duration or during' });
  });

const functionalCheckStep = z.object({ ...stepBase, kind: z.literal('functional_check') }).strict();

const manualStep = z
  .object({
    ...stepBase,
    kind: z.literal('manual'),
    instructions: templateField,
    /** Who does it: a role from the procedure's roles. */
    role: z.string().min(1).optional(),
  })
  .strict();

const httpStep = z
  .object({
    ...stepBase,
    kind: z.literal('http'),
    method: oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: templateField,
    headers: z.record(z.string(), templateField).default({}),
    /** Text (templated) or a map sent as JSON (its string values templated). */
    body: z.union([templateField, z.record(z.string(), z.unknown())]).optional(),
    /** Statuses that count as success; default any 2xx. */
    expect_status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  })
  .strict();

const notifyStep = z
  .object({
    ...stepBase,
    kind: z.literal('notify'),
    message: templateField,
    /** Default: the window's war-room thread. */
    channel: z.string().min(1).optional(),
  })
  .strict();

const stepUnion = z.discriminatedUnion(
  'kind',
  [
    commandStep,
    checkStep,
    saveStep,
    backupStep,
    stageStep,
    approvalStep,
    installStep,
    bootStep,
    reloadStep,
    snapshotStep,
    diffStep,
    watchStep,
    functionalCheckStep,
    manualStep,
    httpStep,
    notifyStep,
  ],
  { error: `expected one of ${STEP_KINDS.join(' | ')}` },
);

/** A step as written, before the procedure fills in `on_fail` and `disruptive`. */
export type StepInput = z.output<typeof stepUnion>;

/** Kinds that are disruptive whatever their parameters. */
export const DISRUPTIVE_KINDS: readonly StepKind[] = ['reload'];
/** Install actions that reload the device (or switch supervisors over). */
const DISRUPTIVE_INSTALL_ACTIONS: readonly InstallAction[] = [
  'activate',
  'add_activate_commit',
  'rollback',
  'abort',
];

/** Disruptive by kind when the step does not say. */
export function isDisruptiveByDefault(step: { kind: string; action?: string }): boolean {
  if ((DISRUPTIVE_KINDS as readonly string[]).includes(step.kind)) return true;
  return step.kind === 'install' && (DISRUPTIVE_INSTALL_ACTIONS as readonly string[]).includes(step.action ?? '');
}

export const stepSchema = stepUnion;

type Filled<S> = S extends unknown
  ? Omit<S, 'on_fail' | 'disruptive'> & { on_fail: OnFail; disruptive: boolean }
  : never;

/**
 * One step of a validated procedure, discriminated by `kind`. `on_fail` and `disruptive` are always filled
 * in: the engine never applies defaults of its own.
 */
export type Step = Filled<StepInput>;
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/** Fills in `on_fail` and `disruptive` (the validated procedure does this for every step). */
export function fillStep(step: StepInput, defaultOnFail: OnFail): Step {
  const disruptive = step.disruptive ?? isDisruptiveByDefault(step);
  const on_fail: OnFail = step.non_negotiable ? 'abort' : (step.on_fail ?? defaultOnFail);
  return { ...step, on_fail, disruptive } as Step;
}

/** True when the step interrupts service and must be covered by an approval. */
export function isDisruptive(step: Step): boolean {
  return step.disruptive;
}
