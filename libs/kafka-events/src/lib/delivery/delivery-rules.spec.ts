import { KafkaRetriableException, RpcException } from '@nestjs/microservices';
import { MessageCodec } from '../codec/message-codec';
import { DeadLetter } from '../contracts/dead-letter.contract';
import { describeFailure, HandlerFailure } from './handler-failure';
import { MessageDelivery } from './message-delivery';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('retryDelayMs', () => {
  it('grows exponentially up to the cap, with ±20 % jitter', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(policy, 1, () => 0)).toBe(80);
    expect(retryDelayMs(policy, 1, () => 1)).toBe(120);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });
});

describe('describeFailure', () => {
  it('reads code and retriable from house errors, also through HandlerFailure', () => {
    const error = Object.assign(new Error('no model'), { code: 'NO_MODEL', retriable: false });
    expect(describeFailure(new HandlerFailure(error))).toEqual({ message: 'no model', code: 'NO_MODEL', retriable: false, expose: true });
  });

  it('treats unknown errors as retriable and hides their message from requesters', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({ message: 'x is undefined', retriable: true, expose: false });
  });

  it('understands Nest RPC exceptions', () => {
    expect(describeFailure(new RpcException({ message: 'bad', code: 'BAD', retriable: false }))).toMatchObject({ code: 'BAD', retriable: false });
    expect(describeFailure(new RpcException('plain'))).toMatchObject({ message: 'plain', retriable: true });
    expect(describeFailure(new KafkaRetriableException('later'))).toMatchObject({ message: 'later', retriable: true });
    // What Nest's default filter leaves when our interceptor is missing.
    expect(describeFailure({ status: 'error', message: 'Internal server error' })).toMatchObject({ message: 'Internal server error', retriable: true });
  });
});

describe('MessageDelivery', () => {
  const message = { topic: 'trainer.requests', key: 'k', partition: 0, offset: '7' };
  const valid = JSON.stringify({ schemaVersion: 1, command: 'train' });

  function delivery(letters: { topic: string; letter: DeadLetter }[], signal = new AbortController().signal) {
    return new MessageDelivery({
      codec: new MessageCodec(),
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1, factor: 1 },
      logger: silent,
      signal,
      publishDeadLetter: async (topic, letter) => void letters.push({ topic, letter }),
    });
  }

  it('stops retrying when the consumer stops, leaving the message unsettled', async () => {
    const controller = new AbortController();
    const letters: { topic: string; letter: DeadLetter }[] = [];
    const outcome = delivery(letters, controller.signal).deliverEvent(
      { ...message, value: valid },
      {
        invoke: async () => {
          controller.abort();
          throw new Error('down');
        },
      },
    );
    await expect(outcome).resolves.toBe('aborted');
    expect(letters).toEqual([]);
  });

  it('keeps the dead letter under the size limit for a huge message', async () => {
    const letters: { topic: string; letter: DeadLetter }[] = [];
    const huge = JSON.stringify({ schemaVersion: 1, command: 'train', params: { blob: 'x'.repeat(500_000) } });
    const invoke = jest.fn();
    const outcome = await delivery(letters).deliverEvent({ ...message, value: Buffer.from(huge) }, { invoke });
    expect(outcome).toBe('dead-lettered');
    expect(invoke).not.toHaveBeenCalled();
    expect(letters[0].topic).toBe('trainer.requests.dlq');
    expect(letters[0].letter).toMatchObject({ field: 'params.blob', rule: 'too_big', attempts: 0 });
    expect(letters[0].letter.raw).toHaveLength(64 * 1024);
    expect(letters[0].letter.value).toBeUndefined(); // too long to quote
  });

  it('dead-letters after the retry budget, with the last error', async () => {
    const letters: { topic: string; letter: DeadLetter }[] = [];
    const invoke = jest.fn().mockRejectedValue(Object.assign(new Error('redis down'), { code: 'REDIS' }));
    expect(await delivery(letters).deliverEvent({ ...message, value: valid }, { invoke })).toBe('dead-lettered');
    expect(invoke.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(letters[0].letter).toMatchObject({ code: 'REDIS', attempts: 3, raw: valid, source: { topic: 'trainer.requests', partition: 0, offset: '7', key: 'k' } });
  });

  it('drops, loudly, what fails on a dead-letter topic instead of looping', async () => {
    const letters: { topic: string; letter: DeadLetter }[] = [];
    const outcome = await delivery(letters).deliverEvent({ ...message, topic: 'trainer.requests.dlq', value: 'not json' }, { invoke: async () => undefined });
    expect(outcome).toBe('dropped');
    expect(letters).toEqual([]);
  });

  it('fails (for redelivery) when the dead letter cannot be sent', async () => {
    const failing = new MessageDelivery({
      codec: new MessageCodec(),
      retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, factor: 1 },
      logger: silent,
      signal: new AbortController().signal,
      publishDeadLetter: async () => {
        throw new Error('broker down');
      },
    });
    await expect(failing.deliverEvent({ ...message, value: 'not json' }, { invoke: async () => undefined })).rejects.toThrow(
      /could not send the dead letter to trainer.requests.dlq: broker down/,
    );
  });
});
