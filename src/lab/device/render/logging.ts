/**
 * `show logging` (corpus/show_logging): the logging settings, then the buffer, oldest first.
 */
import type { DeviceState } from '../model/device-state.js';
import { formatLogStamp } from './time-format.js';

export function renderShowLogging(state: DeviceState): string {
  const n = state.logSequence;
  const head = [
    `Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)`,
    '',
    'No Active Message Discriminator.',
    '',
    '',
    '',
    'No Inactive Message Discriminator.',
    '',
    '',
    '    Console logging: disabled',
    `    Monitor logging: level debugging, ${n} messages logged, xml disabled,`,
    '                     filtering disabled',
    `    Buffer logging:  level debugging, ${n} messages logged, xml disabled,`,
    '                    filtering disabled',
    '    Exception Logging: size (4096 bytes)',
    '    Count and timestamp logging messages: disabled',
    '    File logging: disabled',
    '    Persistent logging: disabled',
    '',
    'No active filter modules.',
    '',
    `    Trap logging: level informational, ${n} message lines logged`,
    '        Logging Source-Interface:       VRF Name:',
    '',
    'Log Buffer (102400 bytes):',
    '',
  ];
  const entries = state.log.map((e) => `${formatLogStamp(e.at)}: ${e.text}`);
  return [...head, ...entries].join('\n') + '\n';
}
