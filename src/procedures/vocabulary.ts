/**
 * The names procedures may read, and so what the engine must put in a scope. The validator checks every
 * expression and template against these lists, so a typo fails `warroom check`, not a run at 2 AM.
 *
 * Scope shape the engine builds for one host (every namespace is a plain JSON-like object):
 *   host      the inventory host (+ `family`)      customer  the inventory customer
 *   site      the inventory site                   image     the catalogue image being installed
 *   target    { version, image }                   window    { id, start, end, ... } (ISO text)
 *   run       { id }                               vars      the procedure's vars
 *   facts     ProcedureFacts, as last read         steps     { <id>: StepState } for EVERY step
 *   secrets   only in http headers/url: the values of the procedure's declared secrets
 * plus, inside one step's `expect`: `output` (raw text) and `result` (parsed / kind-specific result);
 * inside a diff's `require`: `diff` (SemanticDiff counters), which bare names also read.
 */

/** Namespaces every expression and template may name. */
export const NAMESPACES = ['host', 'customer', 'site', 'image', 'target', 'window', 'run', 'vars', 'facts', 'steps'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Fields of the fixed namespaces (vars, facts and steps are checked separately). */
export const NAMESPACE_FIELDS: Readonly<Partial<Record<Namespace, readonly string[]>>> = {
  host: [
    'name',
    'customer',
    'site',
    'model',
    'family',
    'address',
    'oob_address',
    'port',
    'serial',
    'version',
    'boot_mode',
    'redundancy',
    'members',
    'tags',
    'role',
    'risk',
    'bgp',
  ],
  customer: ['id', 'name', 'contact_phone', 'email', 'contacts', 'functional_check'],
  site: ['id', 'name', 'customer', 'timezone', 'jump_host', 'central_staging_reachable'],
  image: ['file', 'version', 'families', 'size', 'md5', 'sha512', 'advisory'],
  target: ['version', 'image'],
  window: ['id', 'start', 'end', 'customer', 'on_call', 'change_request', 'jira'],
  run: ['id'],
};

/**
 * Device facts as procedures read them (bare names or `facts.*`): the engine maps the driver's DeviceFacts
 * onto these names. Sizes are bytes.
 */
export interface ProcedureFacts {
  /** SSH answered and the CLI works. */
  reachable: boolean;
  hostname: string;
  /** Running version as `show version` prints it: `17.06.05`. */
  version: string;
  model: string;
  boot_mode: 'install' | 'bundle';
  /** `flash:packages.conf` or `bootflash:isr4400-universalk9.17.06.05.SPA.bin`. */
  running_image: string;
  flash_device: 'flash:' | 'bootflash:';
  flash_total: number;
  /** Free bytes on the flash device (on a stack or dual supervisors: the smallest of the members). */
  free_flash: number;
  /** File names on the flash device. */
  files: string[];
  /** `show install summary` shows an operation running. */
  install_in_progress: boolean;
  /** Some package is activated but not committed (`U`/`D`). */
  install_uncommitted: boolean;
  auto_abort_active: boolean;
  redundancy_mode: 'sso' | 'rpr' | 'none';
  /** `STANDBY HOT`, `DISABLED`, ...; null without a peer. */
  peer_state: string | null;
  /** Stack / StackWise Virtual members present (1 for a standalone box). */
  members: number;
  /** Members in the Ready state. */
  members_ready: number;
  /** The version each member runs. */
  member_versions: string[];
  /** The boot variable entries, in order. */
  boot_variable: string[];
  /** Platform, redundancy and release allow ISSU to the target (the driver's plan says why). */
  issu_capable: boolean;
  uptime_seconds: number;
}

export const FACT_NAMES: readonly (keyof ProcedureFacts)[] = [
  'reachable',
  'hostname',
  'version',
  'model',
  'boot_mode',
  'running_image',
  'flash_device',
  'flash_total',
  'free_flash',
  'files',
  'install_in_progress',
  'install_uncommitted',
  'auto_abort_active',
  'redundancy_mode',
  'peer_state',
  'members',
  'members_ready',
  'member_versions',
  'boot_variable',
  'issu_capable',
  'uptime_seconds',
];

/** What `steps.<id>` holds for every step of the procedure, run or not. */
export interface StepState {
  /** Passed (`status == 'passed'`). */
  ok: boolean;
  status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
  changed: boolean;
  /** Raw device or service output ('' before the step ran). */
  output: string;
  /** Parsed or kind-specific result; null before the step ran. check: the facts read; watch: WatchResult. */
  result: unknown;
}
export const STEP_STATE_FIELDS: readonly (keyof StepState)[] = ['ok', 'status', 'changed', 'output', 'result'];

/** A watch step's `result`. */
export interface WatchResult {
  crash: boolean;
  adjacency_lost: boolean;
  samples: number;
  /** The lines that raised a flag. */
  findings: string[];
}

/**
 * The semantic diff's counters as `require:` reads them (src/engine/snapshot-diff.ts `diffScope`): bare
 * names or `diff.*`. The first segment is checked statically.
 */
export const DIFF_FIELDS = [
  'version',
  'interfaces',
  'bgp',
  'members',
  'crashes',
  'config_changed',
  'neighbors',
  'ospf',
  'routes',
  'hsrp',
  'hardware',
  'vlans',
  'stp',
] as const;

/** Names an expression may use beyond the namespaces, by where it is written. */
export type ExpressionContext = 'when' | 'expect' | 'require';
