/**
 * Pure parsers for IOS-XE command output. Each returns warroom's own typed result or throws a WarroomError
 * `unexpected_output` carrying the text it could not read; none does I/O or reads the clock.
 */
export { findParser, COMMAND_PARSERS, type CommandParser } from './registry.js';
export { outputLines, parseUptimeSeconds, parseDurationSeconds } from './text.js';
export { parseShowVersion, type ShowVersion, type ShowVersionMember } from './show-version.js';
export {
  parseShowIpInterfaceBrief,
  type ShowIpInterfaceBrief,
  type InterfaceBrief,
} from './show-ip-interface-brief.js';
export {
  parseShowBgpSummary,
  parseAsn,
  type BgpSummary,
  type BgpAddressFamily,
  type BgpNeighbor,
} from './show-bgp-summary.js';
export { parseDir, type DirListing, type DirFile } from './dir.js';
export {
  parseShowInstall,
  type ShowInstall,
  type InstallSection,
  type InstallPackage,
  type InstallState,
  type AutoAbortTimer,
} from './show-install.js';
export { parseVerifyMd5, type VerifyMd5 } from './verify-md5.js';
export { parseShowBoot, type ShowBoot, type ShowBootMember, type BootSettings } from './show-boot.js';
export { parseShowRedundancy, type ShowRedundancy, type RedundancyProcessor } from './show-redundancy.js';
export { parseShowSwitch, type ShowSwitch, type ShowSwitchMember, type StackPort } from './show-switch.js';
export { parseShowInventory, type ShowInventory, type InventoryItem } from './show-inventory.js';
export {
  parseShowProcessesCpu,
  type ShowProcessesCpu,
  type CpuUtilisation,
  type CpuProcess,
} from './show-processes-cpu.js';
export {
  parseShowPlatform,
  type ShowPlatform,
  type PlatformSlot,
  type PlatformSwitch,
} from './show-platform.js';
export {
  parseShowLogging,
  findCrashes,
  describeCrash,
  type ShowLogging,
  type LogEntry,
  type CrashFinding,
  type CrashKind,
} from './show-logging.js';
export { parseShowClock, type ShowClock } from './show-clock.js';
export {
  parseShowInterfaces,
  type ShowInterfaces,
  type InterfaceDetail,
  type InterfaceCounters,
} from './show-interfaces.js';
export {
  parseShowIpRoute,
  routesBySource,
  type ShowIpRoute,
  type RouteTable,
  type Route,
  type RouteNextHop,
} from './show-ip-route.js';
export {
  parseShowIpRouteSummary,
  summaryRoutesByProtocol,
  type ShowIpRouteSummary,
  type RouteSummarySource,
} from './show-ip-route-summary.js';
export {
  parseShowCdpNeighborsDetail,
  type ShowCdpNeighborsDetail,
  type CdpNeighbor,
} from './show-cdp-neighbors-detail.js';
export {
  parseShowLldpNeighborsDetail,
  type ShowLldpNeighborsDetail,
  type LldpNeighbor,
} from './show-lldp-neighbors-detail.js';
export { parseShowStandby, type ShowStandby, type HsrpGroup } from './show-standby.js';
export {
  parseShowIpOspfNeighbor,
  isOspfAdjacencyUp,
  type ShowIpOspfNeighbor,
  type OspfNeighbor,
} from './show-ip-ospf-neighbor.js';
export {
  parseShowEnvironment,
  type ShowEnvironment,
  type PowerSupply,
  type EnvironmentFan,
  type EnvironmentTemperature,
  type EnvironmentSensor,
} from './show-environment.js';
export { parseShowModule, isModuleOk, type ShowModule, type ModuleInfo } from './show-module.js';
export {
  parseShowSwitchVirtual,
  type ShowSwitchVirtual,
  type VirtualSwitchMember,
} from './show-switch-virtual.js';
export { parseShowVlanBrief, type ShowVlanBrief, type VlanBrief } from './show-vlan-brief.js';
export {
  parseShowSpanningTreeSummary,
  type ShowSpanningTreeSummary,
  type StpVlanSummary,
} from './show-spanning-tree-summary.js';
export {
  parseShowLicenseSummary,
  type ShowLicenseSummary,
  type LicenseUsage,
} from './show-license-summary.js';
export {
  parseShowMemoryStatistics,
  type ShowMemoryStatistics,
  type MemoryPool,
} from './show-memory-statistics.js';
