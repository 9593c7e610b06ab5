import { Test, TestingModule } from '@nestjs/testing';
import { loadPlatformConfig } from '@platform/app-runtime';
import { CleanEvent } from '@platform/events';
import { EntityRecords, entityKeysFor, reduceEvents } from '@platform/features';
import {
  EventBusModule,
  EventPublisher,
  INFERENCE_PREDICT_REPLY_TOPIC,
  INFERENCE_PREDICT_TOPIC,
  MODEL_PROMOTED_TOPIC,
} from '@platform/kafka-events';
import { RedisOnlineFeatureStore } from '@platform/redis-feature-store';
import { publishNamespaceChampion, rees46FeatureEvents, TestChampion, trainerProbability } from '@platform/serving/testing';
import { createServicesNamespace, ServiceProcess, ServicesNamespace, startServiceProcess, waitUntil } from '@platform/testing';
import { Redis } from 'ioredis';
import { Admin, Kafka, logLevel } from 'kafkajs';

const MODEL = 'purchase-propensity';
const REQUESTS = 40;
jest.setTimeout(240_000);

/**
 * Two inference-api processes in one Kafka consumer group (DESIGN.md section 12): they share the
 * `inference.predict` requests, each request gets exactly one reply and it is the right one, and a
 * `model.promoted` reaches both (the registry poll is off here: the message must do it).
 */
describe('two inference-api replicas on the real servers', () => {
  let namespace: ServicesNamespace;
  let store: RedisOnlineFeatureStore;
  let requester: TestingModule;
  let publisher: EventPublisher;
  let admin: Admin;
  let events: CleanEvent[];
  let champion: TestChampion;
  const replicas: ServiceProcess[] = [];

  const kafkaOkCount = async (replica: ServiceProcess): Promise<number> => {
    const text = await (await fetch(`${replica.url}/metrics`)).text();
    const [, count] = /inference_api_predict_requests_total\{transport="kafka",outcome="ok"\} (\d+)/.exec(text) ?? [];
    return Number(count ?? 0);
  };
  const servedVersion = async (replica: ServiceProcess): Promise<number | undefined> => {
    const response = await fetch(`${replica.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{"user_id": 1, "product_id": 2}]',
    });
    return response.status === 200 ? ((await response.json()) as { predictions: { version: number }[] }).predictions[0]?.version : undefined;
  };
  const recordsOf = async (user: string, product: string, session: string): Promise<EntityRecords> => {
    const keys = entityKeysFor(user, product, session);
    const [triple, sessionRecord, userRecord, productRecord] = await store.readMany([keys.triple, keys.session, keys.user, keys.product]);
    return { triple: triple ?? null, session: sessionRecord ?? null, user: userRecord ?? null, product: productRecord ?? null };
  };

  beforeAll(async () => {
    namespace = await createServicesNamespace('inference-replicas');
    const env: Record<string, string> = { ...namespace.env, KAFKA_TOPIC_PARTITIONS: '2' };
    events = await rees46FeatureEvents(5_000);
    store = new RedisOnlineFeatureStore({ client: new Redis(namespace.services.REDIS_URL), keyPrefix: namespace.redisKeyPrefix });
    await store.applyBatch({ batchId: 'rees46-october-head', updates: reduceEvents(events), newestEventAt: events.at(-1)?.event_time_ms });
    champion = await publishNamespaceChampion(namespace, events, { model: MODEL, numTrees: 10, seed: 1 });
    // The requester provisions every topic with 2 partitions before the replicas join.
    requester = await Test.createTestingModule({
      imports: [
        EventBusModule.forRoot(loadPlatformConfig(env, { app: 'inference-test', defaultPort: 0 }).kafka, {
          clientId: 'inference-replicas-test',
          groupId: 'inference-replicas-test',
          topicPrefix: namespace.topicPrefix,
          requestTopics: [INFERENCE_PREDICT_TOPIC],
        }),
      ],
    }).compile();
    await requester.init();
    publisher = requester.get(EventPublisher);
    admin = new Kafka({ clientId: 'inference-replicas-test', brokers: namespace.services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // Promotions must arrive by Kafka: the registry poll is the slow fallback, off here.
    const replicaEnv = { ...env, INFERENCE_MODEL_POLL_MS: '600000' };
    for (let i = 0; i < 2; i++) replicas.push(await startServiceProcess('apps/inference-api/src/main.ts', replicaEnv));
    const group = `${namespace.topicPrefix}inference-api`;
    await waitUntil(
      'both replicas to hold a partition of inference.predict',
      async () => (await admin.describeGroups([group])).groups[0],
      (described) => described?.state === 'Stable' && described.members.length === 2,
      60_000,
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await admin?.disconnect();
    await requester?.close();
    await store?.close();
    await namespace?.drop();
  });

  it('share the request-reply load: both answer some, every request gets exactly one correct reply', async () => {
    const triples = new Map<string, CleanEvent>();
    for (const event of events) triples.set(`${event.user_id}/${event.product_id}/${event.user_session}`, event);
    const distinct = [...triples.values()];
    const requests = Array.from({ length: REQUESTS }, (_, r) =>
      [0, 1, 2].map((k) => {
        const event = distinct[(r * 3 + k) % distinct.length] as CleanEvent;
        return { user_id: event.user_id, product_id: event.product_id, user_session: event.user_session };
      }),
    );
    const replies = await Promise.all(requests.map((items) => publisher.request(INFERENCE_PREDICT_TOPIC, { items }, { timeoutMs: 60_000 })));
    for (const [r, items] of requests.entries()) {
      const predictions = replies[r]?.predictions ?? [];
      expect(predictions).toHaveLength(items.length);
      for (const [k, item] of items.entries()) {
        const answer = predictions[k];
        expect(answer).toMatchObject({ ...item, features: 'found', model: MODEL, version: champion.version });
        const expected = trainerProbability(champion, await recordsOf(item.user_id, item.product_id, item.user_session));
        expect(Math.abs((answer?.probability as number) - expected)).toBeLessThan(1e-5);
      }
    }
    // Each request was handled once, and the two replicas shared them.
    const counts = await Promise.all(replicas.map(kafkaOkCount));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    // One reply message per request on the reply topic, no duplicate.
    const offsets = await admin.fetchTopicOffsets(`${namespace.topicPrefix}${INFERENCE_PREDICT_REPLY_TOPIC}`);
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0)).toBe(REQUESTS);
  });

  it('both swap to a version announced on model.promoted, with the registry poll off', async () => {
    const next = await publishNamespaceChampion(namespace, events, { model: MODEL, numTrees: 12, seed: 2 });
    await publisher.publish(MODEL_PROMOTED_TOPIC, {
      schemaVersion: 1,
      model: MODEL,
      version: next.version,
      alias: 'champion',
      artifactUri: next.artifactUri,
      metrics: {},
      promotedAt: new Date().toISOString(),
    });
    for (const [i, replica] of replicas.entries()) {
      await waitUntil(`replica ${i} to serve v${next.version}`, () => servedVersion(replica), (version) => version === next.version, 60_000);
    }
  });
});
