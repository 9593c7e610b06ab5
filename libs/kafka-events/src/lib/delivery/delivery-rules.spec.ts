import { KafkaRetriableException, RpcException } from '@nestjs/microservices';
import { MessageCodec } from '../codec/message-codec';
import { DeadLetter } from '../contracts/dead-letter.contract';
import { DeliveryAttempt } from './delivery-attempt';
import { describeFailure, HandlerFailure } from './handler-failure';
import { MessageDelivery } from './message-delivery';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('DEFAULT_RETRY_POLICY', () => {
  it('tries a failing handler five times, 200 ms doubling up to 10 s with ±20 % jitter between attempts', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 });
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

/** Attempts that record what they published (settled) and what they dropped (abandoned). */
class RecordedAttempts {
  readonly published: DeadLetter[] = [];
  readonly dropped: DeadLetter[] = [];
  settled = 0;
  failSettle?: Error;

  start = (): DeliveryAttempt => {
    const held: DeadLetter[] = [];
    return {
      deadLetters: { send: async (letters) => void held.push(...letters) },
      settle: async (letter) => {
        if (this.failSettle) throw this.failSettle;
        this.published.push(...held, ...(letter ? [letter] : []));
        this.settled++;
      },
      abandon: async () => void this.dropped.push(...held.splice(0)),
    };
  };
}

describe('MessageDelivery', () => {
  const message = { topic: 'trainer.requests', key: 'k', partition: 0, offset: '7' };
  const valid = JSON.stringify({ schemaVersion: 1, command: 'train' });
  const letterFor = (line: number): DeadLetter => ({
    schemaVersion: 1,
    reason: `line ${line} is bad`,
    source: { bucket: 'bronze', key: 'a.ndjson', eTag: 'e' },
    line,
    at: new Date().toISOString(),
  });

  function delivery(signal = new AbortController().signal, maxAttempts = 3) {
    return new MessageDelivery({
      codec: new MessageCodec(),
      retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 1, factor: 1, jitter: 0 },
      logger: silent,
      signal,
    });
  }

  it('stops retrying when the consumer stops, leaving the message unsettled', async () => {
    const controller = new AbortController();
    const attempts = new RecordedAttempts();
    const outcome = delivery(controller.signal).deliverEvent(
      { ...message, value: valid },
      {
        startAttempt: attempts.start,
        invoke: async () => {
          controller.abort();
          throw new Error('down');
        },
      },
    );
    await expect(outcome).resolves.toBe('aborted');
    expect(attempts.published).toEqual([]);
    expect(attempts.settled).toBe(0);
  });

  it('leaves the message unacknowledged, never dead-lettered, when the group membership is lost between attempts', async () => {
    const attempts = new RecordedAttempts();
    // What kafkajs's heartbeat throws after a rebalance: a protocol error that says it is not retriable.
    const rebalanced = Object.assign(new Error('The coordinator is not aware of this member'), { type: 'UNKNOWN_MEMBER_ID', retriable: false });
    let invoked = 0;
    const outcome = delivery(undefined, 5).deliverEvent(
      { ...message, value: valid },
      {
        startAttempt: attempts.start,
        invoke: async () => {
          invoked++;
          throw new Error('timed out');
        },
        keepAlive: async () => {
          throw rebalanced;
        },
      },
    );
    await expect(outcome).rejects.toBe(rebalanced);
    expect(invoked).toBe(1);
    expect(attempts.published).toEqual([]);
    expect(attempts.settled).toBe(0);
  });

  it('publishes the letters of the attempt that settles, once; those of failed attempts never', async () => {
    const attempts = new RecordedAttempts();
    const invoke = jest.fn(async (_data: unknown, attempt: number, scope?: DeliveryAttempt) => {
      await scope?.deadLetters.send([letterFor(2), letterFor(4)]);
      if (attempt < 3) throw new Error(`database unavailable (attempt ${attempt})`);
    });
    expect(await delivery().deliverEvent({ ...message, value: valid }, { invoke, startAttempt: attempts.start })).toBe('handled');
    expect(attempts.published.map((letter) => letter.line)).toEqual([2, 4]);
    expect(attempts.dropped.map((letter) => letter.line)).toEqual([2, 4, 2, 4]);
    expect(attempts.settled).toBe(1);
  });

  it('keeps the dead letter under the size limit for a huge message', async () => {
    const attempts = new RecordedAttempts();
    const huge = JSON.stringify({ schemaVersion: 1, command: 'train', params: { blob: 'x'.repeat(500_000) } });
    const invoke = jest.fn();
    const outcome = await delivery().deliverEvent({ ...message, value: Buffer.from(huge) }, { invoke, startAttempt: attempts.start });
    expect(outcome).toBe('dead-lettered');
    expect(invoke).not.toHaveBeenCalled();
    expect(attempts.published[0]).toMatchObject({ field: 'params.blob', rule: 'too_big', attempts: 0 });
    expect(attempts.published[0]?.raw).toHaveLength(64 * 1024);
    expect(attempts.published[0]?.value).toBeUndefined(); // too long to quote
  });

  it('dead-letters after the retry budget, with the last error and none of the failed attempts\' letters', async () => {
    const attempts = new RecordedAttempts();
    const invoke = jest.fn(async (_data: unknown, _attempt: number, scope?: DeliveryAttempt) => {
      await scope?.deadLetters.send([letterFor(9)]);
      throw Object.assign(new Error('redis down'), { code: 'REDIS' });
    });
    expect(await delivery().deliverEvent({ ...message, value: valid }, { invoke, startAttempt: attempts.start })).toBe('dead-lettered');
    expect(invoke.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(attempts.published).toHaveLength(1);
    expect(attempts.published[0]).toMatchObject({ code: 'REDIS', attempts: 3, raw: valid, source: { topic: 'trainer.requests', partition: 0, offset: '7', key: 'k' } });
  });

  it('drops, loudly, what fails on a dead-letter topic instead of looping, and moves on', async () => {
    const attempts = new RecordedAttempts();
    const outcome = await delivery().deliverEvent(
      { ...message, topic: 'trainer.requests.dlq', value: 'not json' },
      { invoke: async () => undefined, startAttempt: attempts.start },
    );
    expect(outcome).toBe('dropped');
    expect(attempts.published).toEqual([]);
    expect(attempts.settled).toBe(1);
  });

  it('fails (for redelivery) when the dead letter cannot be sent', async () => {
    const attempts = new RecordedAttempts();
    attempts.failSettle = new Error('broker down');
    await expect(
      delivery(undefined, 1).deliverEvent({ ...message, value: 'not json' }, { invoke: async () => undefined, startAttempt: attempts.start }),
    ).rejects.toThrow(/could not send the dead letter to trainer.requests.dlq: broker down/);
  });
});
