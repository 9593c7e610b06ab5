import { PlatformError } from '@platform/common';

/** A start-up failure caused by the environment; each problem names one variable. */
export class ConfigError extends PlatformError<'INVALID_CONFIGURATION'> {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, 'INVALID_CONFIGURATION', false);
  }
}
