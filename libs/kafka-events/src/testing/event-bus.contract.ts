import { Controller, INestMicroservice, Type } from '@nestjs/common';
import { ClientProxy, Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { DeadLetter } from '../lib/contracts/dead-letter.contract';
import { INFERENCE_PREDICT_TOPIC, PredictReply, PredictRequest } from '../lib/contracts/inference-predict.contract';
import { lakeObjectCreatedNotification } from '../lib/contracts/lake-notification.builder';
import { DATA_STREAMING_TOPIC, LakeObjectCreated } from '../lib/contracts/lake-notification.contract';
import { MODEL_PROMOTED_TOPIC, ModelPromoted } from '../lib/contracts/model-promoted.contract';
import { RequestTopic } from '../lib/contracts/platform-contracts';
import { TRAINER_REQUESTS_TOPIC, TrainerRequest } from '../lib/contracts/trainer-request.contract';
import { TRAINER_TRIALS_TOPIC, TrainerTrial } from '../lib/contracts/trainer-trial.contract';
import { eventBusDeliveryOf } from '../lib/delivery/event-bus-context.marker';
import { RetryPolicy } from '../lib/delivery/retry-policy';
import { MessageValidationError } from '../lib/errors/message-validation.error';
import { RemoteHandlerError } from '../lib/errors/request-failed.error';
import { EventBusServerStrategy, eventBusMicroserviceOptions } from '../lib/module/event-bus-server.factory';
import { EVENT_BUS_CLIENT } from '../lib/module/event-bus.constants';
import { EventBusModule } from '../lib/module/event-bus.module';
import { EventBusConfig, EventBusOptions } from '../lib/module/event-bus.options';
import { EventPublisher } from '../lib/module/event-publisher';
import { Recorder } from './recorder';
import { waitForAssignments } from './wait-for-assignments';

/** One transport under test: Kafka on the real broker, or the in-process bus. */
export interface EventBusTestTarget {
  config: EventBusConfig;
  /** Isolates this run: a unique topic prefix (each test adds its own), consumer timings, a bus. */
  options: Pick<EventBusOptions, 'topicPrefix' | 'consumerTiming' | 'bus'>;
  partitions: number;
  /** Deletes what the run created on the server. */
  cleanup(): Promise<void>;
}

/** What every attempt handled by a test handler looked like. */
interface Attempt {
  id: string;
  attempt: number;
}

/** A house-style error: a code and whether trying again may help. */
class HandlerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

const USER = '1515915625519388267'; // 19 digits: a JS number would round it
const PRODUCT = '9223372036854775807';
const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';

/**
 * The event bus's behaviour, one suite for both transports, through real Nest microservice apps
 * with `@EventPattern`/`@MessagePattern` handlers (as the apps write them).
 */
export function describeEventBusContract(label: string, makeTarget: () => Promise<EventBusTestTarget>, testTimeoutMs = 30_000): void {
  describe(`event bus contract: ${label}`, () => {
    let target: EventBusTestTarget;
    const running: { close(): Promise<unknown> }[] = [];
    let testNumber = 0;
    let prefix = '';

    beforeAll(async () => {
      target = await makeTarget();
    });

    beforeEach(() => {
      // Each test its own topics: a new consumer group reads from the beginning.
      prefix = `${target.options.topicPrefix ?? ''}t${++testNumber}.`;
    });

    afterEach(async () => {
      await Promise.allSettled(running.splice(0).map((app) => app.close()));
    });

    afterAll(async () => {
      await target?.cleanup();
    });

    /** A Nest microservice app on the bus: `EventBusModule` plus the test's handlers. */
    async function startApp(groupId: string, controllers: Type[], requestTopics: RequestTopic[] = [], retry: Partial<RetryPolicy> = {}) {
      const options: EventBusOptions = {
        ...target.options,
        topicPrefix: prefix,
        clientId: `contract-${groupId}`,
        groupId: `${prefix}${groupId}`,
        requestTopics,
        retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100, ...retry },
      };
      const moduleRef: TestingModule = await Test.createTestingModule({
        imports: [EventBusModule.forRoot(target.config, options)],
        controllers,
      }).compile();
      if (controllers.length === 0) {
        await moduleRef.init();
        running.push(moduleRef);
        return { publisher: moduleRef.get(EventPublisher), server: undefined, app: moduleRef };
      }
      const { strategy } = eventBusMicroserviceOptions(target.config, options);
      const app: INestMicroservice = moduleRef.createNestMicroservice({ strategy });
      running.push(app);
      await app.listen();
      return { publisher: app.get(EventPublisher), server: strategy, app };
    }

    it(
      'delivers a published event to its handler, validated; an invalid one goes to the DLQ and never to the handler',
      async () => {
        const received = new Recorder<ModelPromoted>();
        const dead = new Recorder<DeadLetter>();

        @Controller()
        class PromotionHandler {
          @EventPattern(MODEL_PROMOTED_TOPIC)
          onPromoted(@Payload() message: ModelPromoted) {
            received.push(message);
          }

          @EventPattern(`${MODEL_PROMOTED_TOPIC}.dlq`)
          onDeadLetter(@Payload() letter: DeadLetter) {
            dead.push(letter);
          }
        }

        const { publisher, app } = await startApp('promotions', [PromotionHandler]);
        const promoted = {
          schemaVersion: 1,
          model: 'purchase-propensity',
          version: 3,
          alias: 'champion',
          artifactUri: 's3://storage/models/purchase-propensity/3/',
          metrics: { roc_auc: 0.91 },
          promotedAt: new Date().toISOString(),
        } as const;
        await publisher.publish(MODEL_PROMOTED_TOPIC, promoted);
        expect(await received.until((items) => items.length === 1, 'the promotion')).toEqual([promoted]);

        // Refused before it leaves the process, naming topic, field and rule.
        const refused = publisher.publish(MODEL_PROMOTED_TOPIC, { ...promoted, version: 'three' } as never);
        await expect(refused).rejects.toThrow(MessageValidationError);
        await expect(refused).rejects.toMatchObject({ topic: MODEL_PROMOTED_TOPIC, field: 'version', rule: 'invalid_type' });

        // A foreign producer's broken message reaches the consumer: it is dead-lettered with the reason.
        const client = app.get<ClientProxy>(EVENT_BUS_CLIENT);
        const broken = '{"schemaVersion":1,"model":"purchase-propensity","alias":"champion"}';
        await lastValueFrom(client.emit(`${prefix}${MODEL_PROMOTED_TOPIC}`, { key: 'foreign', value: broken, headers: {} }), {
          defaultValue: undefined,
        });
        const [letter] = await dead.until((items) => items.length === 1, 'the dead letter');
        expect(letter).toMatchObject({
          schemaVersion: 1,
          field: 'version',
          rule: 'invalid_type',
          code: 'INVALID_MESSAGE',
          attempts: 0,
          raw: broken,
          source: { topic: MODEL_PROMOTED_TOPIC, key: 'foreign' },
        });
        expect(letter?.reason).toContain('invalid message on topic "model.promoted": version');

        // The partition moved on, and the handler never saw the broken message.
        const next = { ...promoted, version: 4 };
        await publisher.publish(MODEL_PROMOTED_TOPIC, next, { key: 'foreign' });
        expect(await received.until((items) => items.length === 2, 'the next promotion')).toEqual([promoted, next]);
      },
      testTimeoutMs,
    );

    it(
      'answers requests (19-digit ids intact), returns handler errors and refuses replies that break the contract',
      async () => {
        @Controller()
        class PredictHandler {
          @MessagePattern(INFERENCE_PREDICT_TOPIC)
          predict(@Payload() request: PredictRequest): PredictReply {
            const [first] = request.items;
            if (first?.user_id === 'no-model') throw new HandlerError('no model is loaded: train one first', 'NO_MODEL', false);
            return {
              predictions: request.items.map((item) => ({
                user_id: item.user_id,
                product_id: item.product_id,
                user_session: item.user_session ?? null,
                probability: first?.user_id === 'bad-reply' ? 2 : 0.25,
                features: 'found',
                model: 'purchase-propensity',
                version: 3,
              })),
            };
          }
        }

        await startApp('inference', [PredictHandler]);
        const { publisher } = await startApp('requester', [], [INFERENCE_PREDICT_TOPIC]);

        const reply = await publisher.request(INFERENCE_PREDICT_TOPIC, { items: [{ user_id: USER, product_id: PRODUCT, user_session: SESSION }] });
        expect(reply).toEqual({
          predictions: [{ user_id: USER, product_id: PRODUCT, user_session: SESSION, probability: 0.25, features: 'found', model: 'purchase-propensity', version: 3 }],
        });

        const failed = publisher.request(INFERENCE_PREDICT_TOPIC, { items: [{ user_id: 'no-model', product_id: '1' }] });
        await expect(failed).rejects.toThrow(RemoteHandlerError);
        await expect(failed).rejects.toMatchObject({ remoteCode: 'NO_MODEL', retriable: false, message: expect.stringContaining('no model is loaded') });

        const badReply = publisher.request(INFERENCE_PREDICT_TOPIC, { items: [{ user_id: 'bad-reply', product_id: '1' }] });
        await expect(badReply).rejects.toMatchObject({
          remoteCode: 'INVALID_MESSAGE',
          message: expect.stringMatching(/inference\.predict\.reply": predictions\[0\]\.probability/),
        });

        await expect(publisher.request(INFERENCE_PREDICT_TOPIC, { items: [] })).rejects.toMatchObject({ field: 'items', rule: 'too_small' });
      },
      testTimeoutMs,
    );

    it(
      'retries a failing handler with backoff: a message that fails twice is handled once; one that always fails is dead-lettered',
      async () => {
        const attempts = new Recorder<Attempt>();
        const handled = new Recorder<string>();
        const dead = new Recorder<DeadLetter>();

        @Controller()
        class TrainerHandler {
          @EventPattern(TRAINER_REQUESTS_TOPIC)
          onRequest(@Payload() request: TrainerRequest, @Ctx() context: { getAttempt(): number }) {
            const id = request.requestId ?? '';
            const attempt = context.getAttempt();
            attempts.push({ id, attempt });
            if (id === 'flaky' && attempt < 3) throw new Error(`database unavailable (attempt ${attempt})`);
            if (id === 'broken') throw new HandlerError('the dataset is corrupt', 'DATASET_CORRUPT', true);
            if (id === 'fatal') throw new HandlerError('unknown model family', 'BAD_PARAMS', false);
            handled.push(id);
          }

          @EventPattern(`${TRAINER_REQUESTS_TOPIC}.dlq`)
          onDeadLetter(@Payload() letter: DeadLetter) {
            dead.push(letter);
          }
        }

        const { publisher } = await startApp('trainer', [TrainerHandler]);
        // One key: one partition, so the marker is handled only after the others are settled.
        for (const requestId of ['flaky', 'broken', 'fatal', 'marker']) {
          await publisher.publish(TRAINER_REQUESTS_TOPIC, { schemaVersion: 1, command: 'train', requestId }, { key: 'one-partition' });
        }
        await handled.until((ids) => ids.includes('marker'), 'the marker');
        const letters = await dead.until((items) => items.length === 2, 'two dead letters');

        const attemptsOf = (id: string) => attempts.items.filter((item) => item.id === id).map((item) => item.attempt);
        expect(attemptsOf('flaky')).toEqual([1, 2, 3]);
        expect(handled.items).toEqual(['flaky', 'marker']); // exactly once, by the attempt that succeeded
        expect(attemptsOf('broken')).toEqual([1, 2, 3]); // the whole budget
        expect(attemptsOf('fatal')).toEqual([1]); // not retriable: no budget spent
        expect(letters.map((letter) => JSON.parse(letter.raw ?? '{}').requestId)).toEqual(['broken', 'fatal']);
        expect(letters[0]).toMatchObject({
          code: 'DATASET_CORRUPT',
          attempts: 3,
          reason: 'handler failed on attempt 3: the dataset is corrupt',
          source: { topic: TRAINER_REQUESTS_TOPIC, key: 'one-partition' },
        });
        expect(letters[1]).toMatchObject({ code: 'BAD_PARAMS', attempts: 1 });
      },
      testTimeoutMs,
    );

    it(
      "publishes a handler's dead letters with the message's settlement: none from failed attempts, once from the one that succeeds",
      async () => {
        const dead = new Recorder<DeadLetter>();
        const deliveries = new Recorder<{ key: string; attempt: number; deliveryId: string }>();
        const object = { bucket: 'bronze', key: 'bronze/events/dt=2019-11-01/hour=00/poison.ndjson', eTag: 'e1' };
        const letter = (line: number): DeadLetter => ({ schemaVersion: 1, reason: `line ${line} is bad`, source: object, line, at: new Date().toISOString() });

        @Controller()
        class Processor {
          @EventPattern(DATA_STREAMING_TOPIC)
          async onObjects(@Payload() objects: LakeObjectCreated[], @Ctx() context: unknown) {
            const delivery = eventBusDeliveryOf(context);
            if (!delivery) throw new Error('no event bus delivery in the context');
            const [created] = objects;
            deliveries.push({ key: created?.key ?? '', attempt: delivery.getAttempt(), deliveryId: delivery.deliveryId() });
            if (created?.key === object.key) {
              await delivery.deadLetters().send([letter(2), letter(5)]);
              if (delivery.getAttempt() < 3) throw new Error(`database unavailable (attempt ${delivery.getAttempt()})`);
            } else {
              await delivery.deadLetters().send([letter(99)]);
            }
          }

          @EventPattern(`${DATA_STREAMING_TOPIC}.dlq`)
          onDeadLetter(@Payload() received: DeadLetter) {
            dead.push(received);
          }
        }

        const { publisher } = await startApp('letters', [Processor]);
        const notify = (key: string) => publisher.publish(DATA_STREAMING_TOPIC, lakeObjectCreatedNotification({ ...object, key, size: 10 }), { key: 'one' });
        await notify(object.key);
        await notify('bronze/events/dt=2019-11-01/hour=00/next.ndjson');
        // The marker letter names the same object, so it lands on the same DLQ partition, after the others.
        await dead.until((items) => items.some((item) => item.line === 99), 'the marker letter');
        expect(dead.items.map((item) => item.line)).toEqual([2, 5, 99]);
        const attempts = deliveries.items.filter((item) => item.key === object.key);
        expect(attempts.map((item) => item.attempt)).toEqual([1, 2, 3]);
        expect(new Set(attempts.map((item) => item.deliveryId)).size).toBe(1);
        expect(deliveries.items.at(-1)?.deliveryId).not.toBe(attempts[0]?.deliveryId);
      },
      testTimeoutMs,
    );

    it(
      'does not lose a message whose consumer stops while retrying it: the next consumer of the group gets it',
      async () => {
        const failedAttempts = new Recorder<number>();
        const handled = new Recorder<string>();

        @Controller()
        class LostGpuWorker {
          @EventPattern(TRAINER_TRIALS_TOPIC)
          onTrial(@Payload() _trial: TrainerTrial, @Ctx() context: { getAttempt(): number }) {
            failedAttempts.push(context.getAttempt());
            throw new Error('GPU lost');
          }
        }

        @Controller()
        class HealthyWorker {
          @EventPattern(TRAINER_TRIALS_TOPIC)
          onTrial(@Payload() trial: TrainerTrial) {
            handled.push(trial.trialId);
          }
        }

        const failing = await startApp('workers', [LostGpuWorker], [], { maxAttempts: 1_000, initialDelayMs: 30, maxDelayMs: 30 });
        await failing.publisher.publish(TRAINER_TRIALS_TOPIC, { schemaVersion: 1, studyId: 'study-1', trialId: 'trial-7', params: { max_depth: 6 } });
        await failedAttempts.until((attempts) => attempts.length >= 2, 'a retry');
        running.splice(running.indexOf(failing.app), 1);
        await failing.app.close();
        const attemptsBeforeStop = failedAttempts.items.length;

        await startApp('workers', [HealthyWorker]);
        expect(await handled.until((ids) => ids.length === 1, 'the trial on the next consumer')).toEqual(['trial-7']);
        expect(failedAttempts.items).toHaveLength(attemptsBeforeStop); // the stopped consumer tried no more
      },
      testTimeoutMs,
    );

    it(
      'shares a topic among the consumers of one group (each message to one of them) and gives every group every message',
      async () => {
        const byInstance = new Recorder<{ instance: string; key: string }>();
        const otherGroup = new Recorder<string>();
        const handlerFor = (instance: string) => {
          @Controller()
          class LakeHandler {
            @EventPattern(DATA_STREAMING_TOPIC)
            onObjects(@Payload() objects: LakeObjectCreated[]) {
              for (const object of objects) byInstance.push({ instance, key: object.key });
            }
          }
          return LakeHandler;
        };

        @Controller()
        class AuditHandler {
          @EventPattern(DATA_STREAMING_TOPIC)
          onObjects(@Payload() objects: LakeObjectCreated[]) {
            for (const object of objects) otherGroup.push(object.key);
          }
        }

        const first = await startApp('processors', [handlerFor('first')]);
        const second = await startApp('processors', [handlerFor('second')]);
        await startApp('audit', [AuditHandler]);
        const owned = await waitForAssignments(
          [first.server, second.server] as EventBusServerStrategy[],
          DATA_STREAMING_TOPIC,
          target.partitions,
        );
        expect(owned.flat().sort()).toEqual(Array.from({ length: target.partitions }, (_, partition) => partition));

        const keys = Array.from({ length: 40 }, (_, i) => `bronze/events/dt=2019-10-01/hour=00/${randomUUID()} part ${i}.ndjson`);
        for (const key of keys) {
          await first.publisher.publish(DATA_STREAMING_TOPIC, lakeObjectCreatedNotification({ bucket: 'bronze', key, size: 100, eTag: randomUUID() }));
        }
        const deliveries = await byInstance.until((items) => new Set(items.map((item) => item.key)).size === 40, 'all 40 objects');
        await otherGroup.until((items) => items.length === 40, 'all 40 objects in the other group');
        // Settle in-flight work before counting duplicates.
        await Promise.allSettled(running.splice(0).map((app) => app.close()));

        expect(deliveries).toHaveLength(40); // no message twice
        expect(deliveries.map((item) => item.key).sort()).toEqual([...keys].sort());
        const counts = ['first', 'second'].map((instance) => deliveries.filter((item) => item.instance === instance).length);
        expect(counts[0]).toBeGreaterThan(0);
        expect(counts[1]).toBeGreaterThan(0);
        expect([...otherGroup.items].sort()).toEqual([...keys].sort());
      },
      testTimeoutMs,
    );
  });
}
