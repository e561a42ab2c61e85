/**
 * Stop-gaps until src/devices/iosxe/parsers exports `parseShowRedundancy` and `parseShowSwitch`: only the
 * fields the facts need, failing with `unexpected_output` rather than guessing. To be replaced by the
 * parsers' own, which the corpus tests cover.
 */
import { WarroomError } from '../../core/errors.js';

export interface RedundancyFacts {
  operatingMode: string | undefined;
  myState: string | undefined;
  peerState: string | undefined;
}

export function parseShowRedundancy(text: string): RedundancyFacts {
  const field = (name: RegExp): string | undefined => {
    const m = new RegExp(`^\\s*${name.source}\\s*=\\s*(.*?)\\s*$`, 'im').exec(text);
    return m?.[1] || undefined;
  };
  const operatingMode = field(/Operating Redundancy Mode/);
  const states = [...text.matchAll(/^\s*Current Software state\s*=\s*(.*?)\s*$/gim)].map((m) => m[1]);
  if (operatingMode === undefined && states.length === 0) {
    throw new WarroomError('unexpected_output', 'show redundancy: no redundancy mode or software state', {
      detail: text.slice(0, 2000),
    });
  }
  return { operatingMode, myState: states[0], peerState: states[1] };
}

export interface SwitchFacts {
  members: { switch: number; role: string; state: string }[];
}

export function parseShowSwitch(text: string): SwitchFacts {
  const members: SwitchFacts['members'] = [];
  for (const line of text.replace(/\r/g, '').split('\n')) {
    const m =
      /^\s*\*?\s*(\d+)\s+(Active|Standby|Member)\s+([0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})\s+\d+\s+(?:\S+\s+)?(\S+)\s*$/i.exec(
        line,
      );
    if (m) members.push({ switch: Number(m[1]), role: m[2]!, state: m[4]! });
  }
  if (members.length === 0) {
    throw new WarroomError('unexpected_output', 'show switch: no member lines', {
      detail: text.slice(0, 2000),
    });
  }
  return { members };
}
