/**
 * The faults a device carries (from the inventory's `lab.faults` and from injectFault) and how often each
 * may still fire. A fault with `times` clears itself after firing that many times.
 */
import type { LabFault, LabFaultKind } from '../../inventory/schema.js';

interface Armed {
  fault: LabFault;
  remaining: number;
}

export class FaultBook {
  private readonly armed: Armed[] = [];

  constructor(initial: readonly LabFault[] = []) {
    for (const f of initial) this.add(f);
  }

  add(fault: LabFault): void {
    this.armed.push({ fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(kind?: LabFaultKind): void {
    for (let i = this.armed.length - 1; i >= 0; i--) {
      if (kind === undefined || this.armed[i]?.fault.kind === kind) this.armed.splice(i, 1);
    }
  }

  has(kind: LabFaultKind): boolean {
    return this.armed.some((a) => a.fault.kind === kind);
  }

  /** The first armed fault of a kind that satisfies `when`, without using it up. */
  peek(kind: LabFaultKind, when: (f: LabFault) => boolean = () => true): LabFault | undefined {
    return this.armed.find((a) => a.fault.kind === kind && when(a.fault))?.fault;
  }

  /** Fires the first armed fault of a kind that satisfies `when`: counts one use and returns it. */
  fire(kind: LabFaultKind, when: (f: LabFault) => boolean = () => true): LabFault | undefined {
    const index = this.armed.findIndex((a) => a.fault.kind === kind && when(a.fault));
    if (index < 0) return undefined;
    const armed = this.armed[index] as Armed;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }

  list(): LabFault[] {
    return this.armed.map((a) => a.fault);
  }
}
