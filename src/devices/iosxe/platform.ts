/**
 * Cisco IOS-XE as a platform warroom drives: the inventory's `platform: iosxe` (the default) picks it.
 */
import type { DevicePlatform } from '../../ports/device-driver.js';
import { IosXeDriver } from './driver.js';
import { operationalFacts } from './operational-facts.js';
import { findParser } from './parsers/index.js';
import { planUpgrade } from './plan.js';

export const iosxePlatform: DevicePlatform = {
  name: 'iosxe',
  createDriver: ({ transport, target, clock, timeouts }) =>
    IosXeDriver.forTarget(transport, target, clock, timeouts ? { timeouts } : {}),
  planUpgrade,
  findParser,
  operationalFacts,
};
