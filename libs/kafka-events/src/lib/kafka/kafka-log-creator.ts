import { Logger, LoggerService } from '@nestjs/common';
import { LogEntry, logCreator, logLevel } from 'kafkajs';

/**
 * Protocol errors that kafkajs answers by retrying (a new topic's leader not elected yet, a
 * group rebalancing, a coordinator loading). kafkajs logs each at ERROR, which reads like an
 * outage during every start-up and rebalance; they are debug noise unless the retries run out,
 * and then kafkajs throws, which we report.
 */
const RETRIED_BY_KAFKAJS =
  /not the leader|leader is not available|there is no leader|does not host this topic-partition|coordinator is not available|coordinator is loading|not the correct coordinator|rebalanc/i;

/** Routes kafkajs's log into Nest's logger, downgrading the errors kafkajs retries itself. */
export function kafkaLogCreator(logger: LoggerService = new Logger('kafkajs')): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log as LogEntry['log'] & { logger?: string };
      const error = typeof extra['error'] === 'string' ? extra['error'] : '';
      const text = `[${namespace}] ${message}${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ''}`;
      const retried = level <= logLevel.WARN && (RETRIED_BY_KAFKAJS.test(message) || RETRIED_BY_KAFKAJS.test(error));
      if (retried) return logger.debug?.(text);
      if (level === logLevel.ERROR) return logger.error(text);
      if (level === logLevel.WARN) return logger.warn?.(text);
      if (level === logLevel.INFO) return logger.log(text);
      return logger.debug?.(text);
    };
}
