/**
 * Everything one host's steps share during a run: the driver (opened lazily, reconnecting after reloads),
 * the facts and upgrade plan as last read, the snapshots taken, and the scope procedures read. Effects go
 * through the injected dependencies only.
 */
import { WarroomError } from '../core/errors.js';
import { platformProfile } from '../inventory/platforms.js';
import type { CatalogueImage, Customer, InventoryHost, Site } from '../inventory/schema.js';
import type { Clock } from '../ports/clock.js';
import type {
  DeviceDriver,
  DevicePlatform,
  DriverTimeouts,
  PlatformRegistry,
} from '../ports/device-driver.js';
import type { DeviceFacts, Snapshot, UpgradePlan } from '../ports/device-facts.js';
import type { HttpClient } from '../ports/http.js';
import type { Transport } from '../ports/cli-session.js';
import type { Operator } from '../ports/operator.js';
import type { Procedure, Scope, StepState } from '../procedures/index.js';
import type { ImageStore } from '../staging/index.js';
import type { LeaseOwner, Store } from '../store/index.js';
import { deviceTarget, oobTarget, type FleetAccess } from './access.js';
import { buildScope, pendingStepStates, toProcedureFacts } from './host-scope.js';
import type { MaintenanceWindow } from '../scheduler/index.js';

/** The world a run talks to, passed in by the composition root. */
export interface EngineDeps {
  store: Store;
  clock: Clock;
  transport: Transport;
  /** The device platforms by name; a host's inventory `platform` picks its driver. */
  platforms: PlatformRegistry;
  operator: Operator;
  access: FleetAccess;
  catalogue: readonly CatalogueImage[];
  images: ImageStore;
  /** HTTP for a procedure's `http` steps. */
  http: HttpClient;
  /**
   * The value of a secret a procedure declares (`secrets: [ado_token]`), for `{{ secrets.x }}` in an http
   * step's url and headers; undefined when it is not configured. The composition root reads them (e.g.
   * from the environment); the engine registers each for redaction before use.
   */
  secrets?: (name: string) => string | undefined;
  /** Driver time limits (the lab runs them scaled down). */
  timeouts?: Partial<DriverTimeouts>;
  /** Who holds device leases for runs of this engine; default this process. */
  leaseOwner?: LeaseOwner;
  /** How long a device lease lasts without a heartbeat; default 60 s. */
  leaseTtlMs?: number;
}

export interface HostContextInit {
  deps: EngineDeps;
  runId: string;
  window: MaintenanceWindow;
  procedure: Procedure;
  /** Absent for a window-level runbook (`runs_per: window`). */
  host?: InventoryHost;
  vars: Readonly<Record<string, unknown>>;
  signal: AbortSignal;
  /** Who started the run (a Slack user id, a terminal login): never the second approver of its steps. */
  requestedBy?: string;
  /** Why the run may no longer drive this device (its lease was taken over), checked before each step. */
  leaseLost?: () => string | undefined;
  /** sha256 of the procedure file's text: part of every approval's plan hash. */
  procedureHash?: string;
}

export class HostContext {
  readonly deps: EngineDeps;
  readonly runId: string;
  readonly window: MaintenanceWindow;
  readonly procedure: Procedure;
  readonly host: InventoryHost | undefined;
  readonly customer: Customer | undefined;
  readonly site: Site | undefined;
  readonly image: CatalogueImage | undefined;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
  readonly requestedBy: string | undefined;
  readonly leaseLost: () => string | undefined;
  readonly procedureHash: string;
  /** The name events, artifacts and messages use: the host, or `window` for a runbook. */
  readonly name: string;
  readonly steps: Record<string, StepState>;
  readonly snapshots = new Map<string, Snapshot>();
  facts: DeviceFacts | undefined;
  plan: UpgradePlan | undefined;
  /** The version the host ran when the run first reached it: what a rollback returns to. */
  fromVersion: string | undefined;
  /** The image it booted then (bundle rollbacks boot it again). */
  fromImage: string | undefined;
  private driverInstance: DeviceDriver | undefined;
  /** Bumped when a step that may change the device starts; facts read since then are still the device's. */
  private deviceChanges = 0;
  private factsRead: { at: number; changes: number } | undefined;

  constructor(init: HostContextInit) {
    this.deps = init.deps;
    this.runId = init.runId;
    this.window = init.window;
    this.procedure = init.procedure;
    this.host = init.host;
    this.vars = init.vars;
    this.signal = init.signal;
    this.requestedBy = init.requestedBy;
    this.leaseLost = init.leaseLost ?? (() => undefined);
    this.procedureHash = init.procedureHash ?? '';
    this.name = init.host?.name ?? 'window';
    const inv = init.deps.access.inventory;
    this.customer = inv.customers[init.window.customer];
    this.site = init.host ? inv.sites[init.host.site] : undefined;
    this.image =
      init.host && init.window.target
        ? findImage(init.deps.catalogue, init.host, init.window.target)
        : undefined;
    this.steps = pendingStepStates(init.procedure);
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  requireHost(step: string): InventoryHost {
    if (!this.host)
      throw new WarroomError(
        'validation_failed',
        `step ${step} needs a device, but this procedure runs per window`,
        { step },
      );
    return this.host;
  }

  requireImage(step: string): CatalogueImage {
    const host = this.requireHost(step);
    if (!this.image) {
      throw new WarroomError(
        'not_found',
        `the catalogue has no ${this.window.target ?? '(no target)'} image for ${host.model}`,
        { host: host.name, step },
      );
    }
    return this.image;
  }

  /**
   * Why warroom cannot drive this host: its inventory `platform` has no registered driver. Undefined for
   * a runbook (no device) and for a host whose platform is registered.
   */
  unsupportedPlatform(): string | undefined {
    if (!this.host) return undefined;
    const name = this.host.platform;
    if (this.deps.platforms.lookup(name)) return undefined;
    return `${this.host.name} is on platform ${name}, which this warroom has no driver for (it drives: ${this.deps.platforms.names().join(', ') || 'none'})`;
  }

  /** The host's platform: its driver, planner and parsers. */
  platform(step = 'device'): DevicePlatform {
    const host = this.requireHost(step);
    const platform = this.deps.platforms.lookup(host.platform);
    if (!platform)
      throw new WarroomError('unsupported_platform', this.unsupportedPlatform() ?? host.platform, {
        host: host.name,
        step,
      });
    return platform;
  }

  driver(): DeviceDriver {
    if (this.driverInstance) return this.driverInstance;
    const host = this.requireHost('device');
    const platform = this.platform();
    // The out-of-band management path when the host has one: it is the path that comes back first after a
    // reload and does not depend on the data plane the upgrade may disturb.
    const target = oobTarget(this.deps.access, host) ?? deviceTarget(this.deps.access, host);
    this.driverInstance = platform.createDriver({
      transport: this.deps.transport,
      target,
      clock: this.deps.clock,
      ...(this.deps.timeouts ? { timeouts: this.deps.timeouts } : {}),
    });
    return this.driverInstance;
  }

  /** Reads the device's facts and re-plans the upgrade from them. */
  async refreshFacts(): Promise<DeviceFacts> {
    return this.adoptFacts(await this.driver().readFacts());
  }

  /** A step that may change the device (or let a person change it) is about to run. */
  noteDeviceMayChange(): void {
    this.deviceChanges++;
  }

  /**
   * True when the facts were read by this run after the last step that may have changed the device, at
   * most `maxAgeMs` ago: a check reading them again would only repeat the same round trips.
   */
  factsAreCurrent(maxAgeMs: number): boolean {
    const read = this.factsRead;
    return (
      this.facts !== undefined &&
      read !== undefined &&
      read.changes === this.deviceChanges &&
      this.clock.now() - read.at <= maxAgeMs
    );
  }

  /** Takes facts another primitive read (after a reload) as the current ones. */
  adoptFacts(facts: DeviceFacts): DeviceFacts {
    this.facts = facts;
    this.factsRead = { at: this.clock.now(), changes: this.deviceChanges };
    this.fromVersion ??= facts.version;
    this.fromImage ??= facts.image;
    if (this.host && this.image)
      this.plan = this.platform().planUpgrade(facts, this.host, this.image, { installSpaceFactor: 2.5 });
    return facts;
  }

  flashDevice(): string {
    return (
      this.facts?.flash.device ??
      (this.host ? (platformProfile(this.host.model)?.flash ?? 'flash:') : 'flash:')
    );
  }

  /** The scope for expressions and templates; `extra` adds step-local names (`output`, `result`, `diff`). */
  scope(extra: Record<string, unknown> = {}): Scope {
    const base = buildScope({
      runId: this.runId,
      window: this.window,
      procedure: this.procedure,
      customerId: this.window.customer,
      vars: this.vars,
      steps: this.steps,
      ...(this.host ? { host: this.host, siteId: this.host.site } : {}),
      ...(this.customer ? { customer: this.customer } : {}),
      ...(this.site ? { site: this.site } : {}),
      ...(this.image ? { image: this.image } : {}),
      ...(this.facts ? { facts: toProcedureFacts(this.facts, this.plan) } : {}),
    });
    return { ...base, ...extra };
  }

  get operator(): Operator {
    return this.deps.operator;
  }

  async close(): Promise<void> {
    await this.driverInstance?.close();
  }
}

/** The catalogue image for a host's platform at a version. */
export function findImage(
  catalogue: readonly CatalogueImage[],
  host: InventoryHost,
  version: string,
): CatalogueImage | undefined {
  const family = platformProfile(host.model)?.family;
  const norm = (v: string): string =>
    v
      .split('.')
      .map((p) => String(parseInt(p, 10)))
      .join('.');
  return catalogue.find(
    (i) => family !== undefined && i.families.includes(family) && norm(i.version) === norm(version),
  );
}
