/**
 * `show module`: linecards and supervisors of a chassis (Catalyst 9400/9600, and 4500/6500 before them) or
 * the members of a stack (Catalyst 9200/9300 print a switch table). The pre/post diff flags a module that was
 * `ok` before and is not after.
 */
import { int, outputLines, unexpected } from './text.js';

export interface ModuleInfo {
  /** Slot number, or the stack member's number. */
  module: number;
  ports: number | undefined;
  cardType: string | undefined;
  model: string | undefined;
  serial: string | undefined;
  /** `aaaa.aaaa.0000 to aaaa.aaaa.ffff`, or one MAC for a stack member. */
  macAddress: string | undefined;
  hardware: string | undefined;
  firmware: string | undefined;
  software: string | undefined;
  /** `Ok`, `ok`, `hw-faulty`, `Other`, ...; undefined when the output has no status table. */
  status: string | undefined;
  /** `Active`, `Standby`, `Active Supervisor`, ... from the redundancy table. */
  redundancyRole: string | undefined;
}

export interface ShowModule {
  chassisType: string | undefined;
  modules: ModuleInfo[];
}

const CARD_HEADER = /^Mod\s+Ports\s+Card Type\s+Model\s+Serial No\.$/;
const STATUS_HEADER = /^(?:Mod|M)\s+MAC addresses\s+Hw\s+Fw\s+Sw\s+Status$/;
const SWITCH_HEADER = /^Switch\s+Ports\s+Model\s+Serial No\.\s+MAC address\s+Hw Ver\.\s+Sw Ver\.$/;
const RULE = /^[-+\s]+$/;

type Table = 'none' | 'cards' | 'status' | 'switches' | 'redundancy' | 'other';

/** Parses `show module`; throws `unexpected_output` on a row it cannot read. */
export function parseShowModule(text: string): ShowModule {
  const lines = outputLines(text);
  const modules = new Map<number, ModuleInfo>();
  const get = (n: number): ModuleInfo => {
    let mod = modules.get(n);
    if (!mod) modules.set(n, (mod = blank(n)));
    return mod;
  };
  let chassisType: string | undefined;
  let table: Table = 'none';
  let sawTable = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || RULE.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Chassis Type\s*: (\S+)$/.exec(line))) chassisType = m[1]!;
    else if (CARD_HEADER.test(line)) table = 'cards';
    else if (STATUS_HEADER.test(line)) table = 'status';
    else if (SWITCH_HEADER.test(line)) table = 'switches';
    else if (/^Mod\s+Redundancy [Rr]ole/.test(line)) table = 'redundancy';
    else if (/^Mod\s+(?:Sub-Module|Online Diag Status)/.test(line) || /^System Failures:$/.test(line))
      table = 'other';
    else if (/^(?:Power consumed by backplane|Chassis MAC address range|Switch Number):?/.test(line))
      continue;
    else if (table === 'other' || table === 'none') {
      if (table === 'none') unexpected(`show module: unrecognised line: ${line}`, text);
    } else {
      readRow(table, line, get, text);
      sawTable = true;
    }
  }
  if (!sawTable) unexpected('show module: no module table', text);
  return { chassisType, modules: [...modules.values()] };
}

function readRow(
  table: Exclude<Table, 'none' | 'other'>,
  line: string,
  get: (n: number) => ModuleInfo,
  text: string,
): void {
  let m: RegExpExecArray | null;
  switch (table) {
    case 'cards': {
      // Model (a PID: `C9400-LC-48U`) and serial are the last two words, since a long card type runs into the
      // model (`(Acti VS-SUP2T-10G`); a card IOS cannot identify prints only its type (`Unknown Module`).
      if ((m = /^(\d+)\s+(?:(\d+)\s+)?(\S.*?)\s+(\S+-\S+)\s+([A-Z0-9]{6,})$/.exec(line))) {
        const mod = get(int(m[1]!));
        mod.ports = m[2] === undefined ? undefined : int(m[2]);
        mod.cardType = m[3]!.trim();
        mod.model = m[4]!;
        mod.serial = m[5]!;
      } else if ((m = /^(\d+)\s+(?:(\d+)\s+)?(\S.*)$/.exec(line))) {
        const mod = get(int(m[1]!));
        if (m[2] !== undefined) mod.ports = int(m[2]);
        mod.cardType = m[3]!.trim();
      } else unexpected(`show module: unrecognised card line: ${line}`, text);
      return;
    }
    case 'status': {
      m =
        /^(\d+)\s+(?:([0-9A-Fa-f.]+ to [0-9A-Fa-f.]+)\s+(\d+\.\d+)\s+)?(?:(\S+(?: \[\w+\])?)\s+(\S+)\s+)?(\S+)$/.exec(
          line,
        ) ?? /^(\d+)\s+(Unknown)\s+()(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
      if (!m) unexpected(`show module: unrecognised status line: ${line}`, text);
      const mod = get(int(m[1]!));
      mod.macAddress = m[2] === 'Unknown' ? undefined : m[2];
      mod.hardware = m[3] || undefined;
      mod.firmware = m[4] === 'Unknown' ? undefined : m[4];
      mod.software = m[5] === 'Unknown' ? undefined : m[5];
      mod.status = m[6]!;
      return;
    }
    case 'switches': {
      m = /^(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+([0-9a-fA-F.]+)\s+(\S+)\s+(\S+)$/.exec(line);
      if (!m) unexpected(`show module: unrecognised switch line: ${line}`, text);
      const mod = get(int(m[1]!));
      Object.assign(mod, {
        ports: int(m[2]!),
        model: m[3]!,
        serial: m[4]!,
        macAddress: m[5]!,
        hardware: m[6]!,
        software: m[7]!,
      });
      return;
    }
    case 'redundancy': {
      m = /^(\d+)\s+(\S+(?: Supervisor)?)\s/.exec(line);
      if (!m) unexpected(`show module: unrecognised redundancy line: ${line}`, text);
      get(int(m[1]!)).redundancyRole = m[2]!;
      return;
    }
  }
}

function blank(module: number): ModuleInfo {
  return {
    module,
    ports: undefined,
    cardType: undefined,
    model: undefined,
    serial: undefined,
    macAddress: undefined,
    hardware: undefined,
    firmware: undefined,
    software: undefined,
    status: undefined,
    redundancyRole: undefined,
  };
}

/** Whether a module's status says it works (`Ok`, `ok`, `OK`); undefined status (no table) counts as fine. */
export function isModuleOk(module: ModuleInfo): boolean {
  return module.status === undefined || /^ok$/i.test(module.status);
}
