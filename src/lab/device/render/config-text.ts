/**
 * `show running-config` and `show startup-config`. Secrets appear only as type-9 hashes that are not
 * derived from the secrets themselves.
 */
import { renderConfigBody, renderInterfaceConfig, type DeviceConfig } from '../model/config.js';
import type { DeviceState } from '../model/device-state.js';
import { configTrain } from '../model/packages.js';
import { seededHex } from '../model/seed.js';
import { formatIosDate } from './time-format.js';
import { findByName } from '../model/by-name.js';

const NVRAM_BYTES = 2097152;

function fakeHash(text: string): string {
  const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const hex = seededHex(text, 86);
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += alphabet[parseInt(hex.slice(i, i + 2), 16) % 64];
  return `$9$${out.slice(0, 14)}$${out.slice(14, 57)}`;
}

function body(state: DeviceState, config: DeviceConfig): string[] {
  return renderConfigBody(config, {
    train: configTrain(state.version),
    family: state.hw.family,
    ...(state.hw.shape === 'stack'
      ? { switchModel: { members: state.members.length, model: state.hw.model } }
      : {}),
    enableHash: fakeHash(`enable:${state.host.name}`),
    userHash: fakeHash(`user:${state.host.name}:${config.username}`),
    mgmtVrf: state.hw.shape === 'router' ? 'Mgmt-intf' : 'Mgmt-vrf',
  });
}

function stamps(state: DeviceState, user: string): string[] {
  return [
    '!',
    `! Last configuration change at ${formatIosDate(state.lastConfigChange)} by ${user}`,
    `! NVRAM config last updated at ${formatIosDate(state.startupSavedAt)} by ${user}`,
    '!',
  ];
}

export function renderRunningConfig(state: DeviceState): string {
  const lines = [...stamps(state, state.running.username), ...body(state, state.running)];
  const text = lines.join('\n') + '\n';
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(text)} bytes\n${text}\n`;
}

export function renderStartupConfig(state: DeviceState): string {
  const lines = [...stamps(state, state.startup.username), ...body(state, state.startup)];
  const text = lines.join('\n') + '\n';
  return `Using ${Buffer.byteLength(text)} out of ${NVRAM_BYTES} bytes\n${text}\n`;
}

/** The running configuration as a file (what `copy running-config tftp:` sends). */
export function runningConfigFile(state: DeviceState): string {
  return ['!', ...body(state, state.running)].join('\n') + '\n';
}

/** `show running-config interface X`; undefined when there is no such interface. */
export function renderRunningInterface(state: DeviceState, name: string): string | undefined {
  const itf = findByName(state.running.interfaces, name);
  if (!itf) return undefined;
  const text = ['!', ...renderInterfaceConfig(itf), 'end'].join('\n') + '\n';
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(text)} bytes\n${text}\n`;
}
