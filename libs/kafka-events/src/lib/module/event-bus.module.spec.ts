import { BadRequestException, Controller, Get, INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { DeadLetter } from '../contracts/dead-letter.contract';
import { MODEL_PROMOTED_TOPIC, ModelPromoted } from '../contracts/model-promoted.contract';
import { InProcessBus } from '../in-process/in-process.bus';
import { Recorder } from '../../testing/recorder';
import { connectEventBus } from './event-bus-server.factory';
import { EventBusModule } from './event-bus.module';
import { resolveEventBusOptions } from './event-bus.options';
import { EventPublisher } from './event-publisher';

describe('EventBusModule in an HTTP app (hybrid)', () => {
  let app: INestApplication;
  const received = new Recorder<ModelPromoted>();
  const dead = new Recorder<DeadLetter>();

  @Controller()
  class ModelsController {
    @Get('boom')
    boom(): never {
      throw new BadRequestException('model name is required');
    }

    @EventPattern(MODEL_PROMOTED_TOPIC)
    onPromoted(@Payload() message: ModelPromoted) {
      if (message.alias === 'broken') throw Object.assign(new Error('cannot load the model'), { code: 'MODEL_LOAD', retriable: false });
      received.push(message);
    }

    @EventPattern(`${MODEL_PROMOTED_TOPIC}.dlq`)
    onDead(@Payload() letter: DeadLetter) {
      dead.push(letter);
    }
  }

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EventBusModule.forRoot({ kind: 'in-process' }, { clientId: 'inference-api', groupId: 'inference-api', bus: new InProcessBus() })],
      controllers: [ModelsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await connectEventBus(app);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs the app’s handlers after connectEventBus, and keeps handler errors for the dead letter', async () => {
    const publisher = app.get(EventPublisher);
    const promoted = {
      schemaVersion: 1,
      model: 'purchase-propensity',
      version: 2,
      alias: 'champion',
      artifactUri: 's3://storage/models/purchase-propensity/2/',
      metrics: {},
      promotedAt: '2024-05-06T14:03:27.541Z',
    } as const;
    await publisher.publish(MODEL_PROMOTED_TOPIC, promoted);
    expect(await received.until((items) => items.length === 1, 'the promotion')).toEqual([promoted]);

    await publisher.publish(MODEL_PROMOTED_TOPIC, { ...promoted, alias: 'broken' });
    const [letter] = await dead.until((items) => items.length === 1, 'the dead letter');
    expect(letter).toMatchObject({ code: 'MODEL_LOAD', attempts: 1, reason: 'handler failed on attempt 1: cannot load the model' });
  });

  it('leaves HTTP errors alone', async () => {
    const response = await fetch(`${await app.getUrl()}/boom`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'model name is required' });
  });

  it('refuses request() on a topic the app did not declare', async () => {
    await expect(app.get(EventPublisher).request('inference.predict', { items: [{ user_id: '1', product_id: '2' }] })).rejects.toThrow(
      /cannot send a request on "inference.predict": declare it in EventBusModule.forRoot/,
    );
  });
});

describe('resolveEventBusOptions', () => {
  it('names every bad option at once', () => {
    expect(() =>
      resolveEventBusOptions({ kind: 'kafka', brokers: ['localhost:9092'], topicPartitions: 0 }, { clientId: '', groupId: 'g', retry: { maxAttempts: 0 } }),
    ).toThrow('EventBusModule: clientId is empty; retry.maxAttempts=0: expected an integer ≥ 1; topicPartitions=0: expected an integer ≥ 1');
  });

  it('fills defaults', () => {
    const resolved = resolveEventBusOptions({ kind: 'in-process' }, { clientId: 'c', groupId: 'g' });
    expect(resolved).toMatchObject({ requestTopics: [], requestTimeoutMs: 10_000, retry: { maxAttempts: 5 }, bus: InProcessBus.shared });
    expect(resolved.namespace.physical('data_streaming')).toBe('data_streaming');
  });
});
