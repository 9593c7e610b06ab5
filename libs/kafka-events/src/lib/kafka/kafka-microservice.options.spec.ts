import { Transport } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log-creator';
import { kafkaMicroserviceOptions } from './kafka-microservice.options';

describe('kafkaMicroserviceOptions', () => {
  it('configures Nest’s Kafka transport for explicit commits, start-up topics and raw values', () => {
    const { transport, options } = kafkaMicroserviceOptions(['k1:9092', 'k2:9092'], { clientId: 'stream-processor', groupId: 'stream-processor' });
    expect(transport).toBe(Transport.KAFKA);
    expect(options).toMatchObject({
      postfixId: '',
      client: { clientId: 'stream-processor', brokers: ['k1:9092', 'k2:9092'] },
      consumer: { groupId: 'stream-processor', sessionTimeout: 30_000, heartbeatInterval: 3_000, rebalanceTimeout: 60_000, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false },
      producer: { allowAutoTopicCreation: false },
      parser: { keepBinary: true },
    });
  });

  it('takes shorter consumer timings', () => {
    const { options } = kafkaMicroserviceOptions(['k:9092'], { clientId: 'c', groupId: 'g' }, { sessionTimeout: 6_000, maxWaitTimeInMs: 300 });
    expect(options.consumer).toMatchObject({ sessionTimeout: 6_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 300 });
  });
});

describe('kafkaLogCreator', () => {
  const entry = (level: logLevel, message: string, error?: string) => ({
    namespace: 'Connection',
    level,
    label: 'ERROR',
    log: { timestamp: 'now', logger: 'kafkajs', message, ...(error ? { error } : {}) },
  });

  it('logs the errors kafkajs retries by itself at debug level, other errors as errors', () => {
    const logger = { log: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() };
    const log = kafkaLogCreator(logger)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', 'This server is not the leader for that topic-partition'));
    log(entry(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', 'The group is rebalancing, so a rejoin is needed'));
    log(entry(logLevel.ERROR, 'Response SaslAuthenticate(key: 36, version: 1)', 'Authentication failed'));
    log(entry(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner'));
    expect(logger.debug).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('[Connection] Response SaslAuthenticate(key: 36, version: 1) {"error":"Authentication failed"}'));
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
