import { Test, TestingModule } from '@nestjs/testing';
import { openPlatformDataSource } from '@platform/database';
import { CleanEvent } from '@platform/events';
import { EntityRecords, entityKeysFor, reduceEvents } from '@platform/features';
import { EventBusModule, EventPublisher, INFERENCE_PREDICT_TOPIC, MODEL_PROMOTED_TOPIC } from '@platform/kafka-events';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { RedisOnlineFeatureStore } from '@platform/redis-feature-store';
import { createLake, Lake } from '@platform/s3-lake';
import { ItemPrediction } from '@platform/serving';
import { createServicesNamespace, ServicesNamespace, waitUntil } from '@platform/testing';
import { publishTestChampion, rees46FeatureEvents, TestChampion, trainerProbability } from '@platform/serving/testing';
import { Redis } from 'ioredis';
import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { InferenceApp, startInferenceApp } from './testing/inference-app';

const MODEL = 'purchase-propensity';
jest.setTimeout(120_000);

/**
 * The inference API on the real servers (Redis, PostgreSQL, Kafka, the S3 server), over a real
 * socket, with champions trained by libs/ml on features of real REES46 events.
 */
describe('inference-api on the real servers', () => {
  let namespace: ServicesNamespace;
  let api: InferenceApp;
  let dataSource: DataSource;
  let registry: RegistryService;
  let lake: Lake;
  let store: RedisOnlineFeatureStore;
  let requester: TestingModule;
  let publisher: EventPublisher;
  let events: CleanEvent[];
  let champion: TestChampion;

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${api.url}/predict`, { method: 'POST', headers, body });
  const predict = async (items: unknown[]): Promise<ItemPrediction[]> => {
    const response = await post(JSON.stringify(items));
    expect(response.status).toBe(200);
    return ((await response.json()) as { predictions: ItemPrediction[] }).predictions;
  };
  const metrics = async () => (await fetch(`${api.url}/metrics`)).text();
  const announce = (version: number) =>
    publisher.publish(MODEL_PROMOTED_TOPIC, {
      schemaVersion: 1,
      model: MODEL,
      version,
      alias: 'champion',
      artifactUri: `s3://storage/models/${MODEL}/${version}/`,
      metrics: {},
      promotedAt: new Date().toISOString(),
    });
  /** The four records serving reads for an item, straight from Redis. */
  const recordsOf = async (user: string, product: string, session: string): Promise<EntityRecords> => {
    const keys = entityKeysFor(user, product, session);
    const [triple, sessionRecord, userRecord, productRecord] = await store.readMany([keys.triple, keys.session, keys.user, keys.product]);
    return { triple: triple ?? null, session: sessionRecord ?? null, user: userRecord ?? null, product: productRecord ?? null };
  };

  beforeAll(async () => {
    namespace = await createServicesNamespace('inference');
    const { env } = namespace;
    // Promotions must arrive by Kafka here: the poll is the slow fallback.
    api = await startInferenceApp({ ...env, KAFKA_TOPIC_PARTITIONS: '2', INFERENCE_MODEL_POLL_MS: '600000' });
    dataSource = await openPlatformDataSource({ kind: 'postgres', url: env['DATABASE_URL'] as string }, [REGISTRY_SCHEMA]);
    registry = new RegistryService(dataSource);
    lake = createLake(api.config.lake, { bucketPrefix: env['LAKE_BUCKET_PREFIX'] });
    store = new RedisOnlineFeatureStore({ client: new Redis(env['REDIS_URL'] as string), keyPrefix: env['REDIS_KEY_PREFIX'] });
    requester = await Test.createTestingModule({
      imports: [
        EventBusModule.forRoot(api.config.kafka, {
          clientId: 'inference-test',
          groupId: 'inference-test',
          topicPrefix: env['KAFKA_TOPIC_PREFIX'],
          requestTopics: [INFERENCE_PREDICT_TOPIC],
        }),
      ],
    }).compile();
    await requester.init();
    publisher = requester.get(EventPublisher);
    events = await rees46FeatureEvents(20_000);
    await store.applyBatch({ batchId: 'rees46-october-head', updates: reduceEvents(events), newestEventAt: events.at(-1)?.event_time_ms });
  });

  afterAll(async () => {
    await requester?.close();
    await api?.app.close();
    await store?.close();
    await lake?.close();
    await dataSource?.destroy();
    await namespace?.drop();
  });

  it('answers 503 saying how to train a model while there is no champion, and is not ready', async () => {
    const [first] = events as [CleanEvent];
    const response = await post(JSON.stringify([{ user_id: first.user_id, product_id: first.product_id }]));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ code: 'NO_CHAMPION', retriable: true, message: expect.stringContaining('npx nx run trainer:train') });
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { 'online-store': { ok: true }, model: { ok: false } } });
  });

  it('loads the champion announced on model.promoted and becomes ready', async () => {
    champion = await publishTestChampion({ registry, lake, model: MODEL, events, numTrees: 20, seed: 1 });
    await announce(champion.version);
    await waitUntil('the app to be ready', async () => (await fetch(`${api.url}/health/ready`)).status, (status) => status === 200);
    expect(await metrics()).toContain(`inference_api_model_info{name="${MODEL}",version="1"} 1`);
  });

  it('predicts over REST exactly what the trainer’s own model gives for the same vector (1e-5)', async () => {
    const triples = new Map<string, CleanEvent>();
    for (const event of events) triples.set(`${event.user_id}/${event.product_id}/${event.user_session}`, event);
    const chosen = [...triples.values()].filter((_, i) => i % 97 === 0).slice(0, 100);
    const predictions = await predict(chosen.map((e) => ({ user_id: e.user_id, product_id: e.product_id, user_session: e.user_session })));
    expect(predictions).toHaveLength(chosen.length);
    for (const [i, event] of chosen.entries()) {
      const answer = predictions[i] as ItemPrediction;
      expect(answer).toMatchObject({ user_id: event.user_id, product_id: event.product_id, user_session: event.user_session, features: 'found', model: MODEL, version: 1 });
      const expected = trainerProbability(champion, await recordsOf(event.user_id, event.product_id, event.user_session));
      expect(Math.abs((answer.probability as number) - expected)).toBeLessThan(1e-5);
    }
    // The probabilities differ between items: the features reached the model.
    expect(new Set(predictions.map((p) => p.probability)).size).toBeGreaterThan(5);
  });

  it('takes the original payload unchanged: ids as JSON numbers, the session from the user’s latest', async () => {
    const last = events.at(-1) as CleanEvent;
    const response = await post(`[{"user_id": ${last.user_id}, "product_id": ${last.product_id}}]`);
    expect(response.status).toBe(200);
    const [answer] = ((await response.json()) as { predictions: ItemPrediction[] }).predictions as [ItemPrediction];
    const latest = String((await store.readMany([`user:${last.user_id}`]))[0]?.['latest_session']);
    expect(answer).toMatchObject({ user_id: last.user_id, product_id: last.product_id, user_session: latest, model: MODEL, version: 1 });
    const expected = trainerProbability(champion, await recordsOf(last.user_id, last.product_id, latest));
    expect(Math.abs((answer.probability as number) - expected)).toBeLessThan(1e-5);
  });

  it('reports unknown entities per item, never as a vector of zeros, and keeps 19- and 20-digit ids exact', async () => {
    const known = events[0] as CleanEvent;
    const response = await post(
      `[{"user_id": 1234567890123456789, "product_id": 98765432109876543210},` +
        `{"user_id": "${known.user_id}", "product_id": 12345678901234567890}]`,
    );
    expect(response.status).toBe(200);
    const [unknown, partial] = ((await response.json()) as { predictions: ItemPrediction[] }).predictions as [ItemPrediction, ItemPrediction];
    expect(unknown).toEqual({
      user_id: '1234567890123456789',
      product_id: '98765432109876543210',
      user_session: null,
      probability: null,
      features: 'missing',
      model: MODEL,
      version: 1,
    });
    expect(partial).toMatchObject({ user_id: known.user_id, product_id: '12345678901234567890', features: 'partial' });
    expect(partial.probability).toBeGreaterThanOrEqual(0);
    const text = await metrics();
    expect(text).toMatch(/inference_api_predictions_total\{features="missing"\} [1-9]/);
    expect(text).toMatch(/inference_api_feature_records_missing_total\{entity="product"\} [1-9]/);
  });

  it('gives the same predictions by Kafka request-reply', async () => {
    const sample = events.slice(0, 30).map((e) => ({ user_id: e.user_id, product_id: e.product_id, user_session: e.user_session }));
    const overRest = await predict(sample);
    const reply = await publisher.request(INFERENCE_PREDICT_TOPIC, { items: sample });
    expect(reply.predictions).toHaveLength(sample.length);
    reply.predictions.forEach((answer, i) => {
      const rest = overRest[i] as ItemPrediction;
      expect(answer).toMatchObject({ user_id: rest.user_id, product_id: rest.product_id, features: rest.features, model: MODEL, version: 1 });
      expect(Math.abs((answer.probability as number) - (rest.probability as number))).toBeLessThan(1e-5);
    });
    await expect(publisher.request(INFERENCE_PREDICT_TOPIC, { items: [{ user_id: '12a', product_id: '1' }] })).rejects.toMatchObject({
      remoteCode: 'INVALID_PREDICT_REQUEST',
      message: expect.stringContaining('[0].user_id'),
    });
    expect(await metrics()).toMatch(/inference_api_predict_requests_total\{transport="kafka",outcome="ok"\} [1-9]/);
  });

  it.each([
    ['wrong types', '[{"user_id": true, "product_id": [1]}]', 400, '[0].user_id', 'id_type'],
    ['ids as non-digit strings', '[{"user_id": "abc", "product_id": "1"}]', 400, '[0].user_id', 'digits'],
    ['25-digit ids', '[{"user_id": 1234567890123456789012345, "product_id": 1}]', 400, '[0].user_id', 'digits'],
    ['fractions and signs', '[{"user_id": 1.5, "product_id": -3}]', 400, '[0].user_id', 'digits'],
    ['an empty array', '[]', 400, '', 'min_items'],
    ['an object instead of an array', '{"user_id": 1, "product_id": 2}', 400, '', 'array'],
    ['non-JSON', 'user_id=1&product_id=2', 400, '', 'json'],
    ['an empty body', '', 400, '', 'json'],
    ['a bad session', '[{"user_id": 1, "product_id": 2, "user_session": "not-a-uuid"}]', 400, '[0].user_session', 'uuid'],
    ['a missing id', '[{"user_id": 1}]', 400, '[0].product_id', 'required'],
    ['prototype-pollution keys', '[{"user_id": 1, "product_id": 2, "__proto__": {"polluted": true}, "constructor": {"prototype": {}}}]', 400, '[0].__proto__', 'unknown_field'],
  ])('refuses %s (%s) with %i naming the field', async (_, body, status, path, rule) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { code: string; issues: { path: string; rule: string }[] };
    expect(answer.code).toBe('INVALID_PREDICT_REQUEST');
    expect(answer.issues).toContainEqual(expect.objectContaining({ path, rule }));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses 10,000 items, a body over the limit and other content types, never with a 500', async () => {
    const tenThousand = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ user_id: i + 1, product_id: 7 })));
    const tooMany = await post(tenThousand);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ code: 'TOO_MANY_ITEMS', message: expect.stringContaining('INFERENCE_MAX_ITEMS') });
    const huge = await post(`[${'{"user_id":1,"product_id":2},'.repeat(60_000)}{"user_id":1,"product_id":2}]`);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('INFERENCE_MAX_BODY_BYTES');
    expect((await post('[{"user_id":1,"product_id":2}]', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('<items/>', { 'content-type': 'application/xml' })).status).toBe(415);
    // 503s were answered on purpose (no champion yet); a client never gets a 500.
    expect(await metrics()).not.toMatch(/inference_api_http_request_duration_seconds_count\{[^}]*status="500"/);
  });

  it('swaps in a promoted version while requests flow, losing none', async () => {
    const items = events.slice(100, 110).map((e) => ({ user_id: e.user_id, product_id: e.product_id, user_session: e.user_session }));
    const next = await publishTestChampion({ registry, lake, model: MODEL, events, numTrees: 30, seed: 2, promote: false });
    const seen: { status: number; versions: number[] }[] = [];
    let promoted = false;
    let after = 0;
    const loop = async () => {
      while (after < 20) {
        const response = await post(JSON.stringify(items));
        const body = (await response.json()) as { predictions?: ItemPrediction[] };
        const versions = [...new Set((body.predictions ?? []).map((p) => p.version))];
        seen.push({ status: response.status, versions });
        if (promoted && versions.includes(next.version)) after++;
      }
    };
    const loops = Promise.all([loop(), loop(), loop(), loop()]);
    await waitUntil('requests on the old version', async () => seen.length, (n) => n >= 20);
    await registry.setAlias(MODEL, 'champion', next.version, { actor: 'tests' });
    await announce(next.version);
    promoted = true;
    await loops;
    expect(seen.every((request) => request.status === 200)).toBe(true);
    // Each request was answered by one version, whole.
    expect(seen.every((request) => request.versions.length === 1)).toBe(true);
    expect(seen[0]?.versions).toEqual([1]);
    expect(seen.at(-1)?.versions).toEqual([next.version]);
    expect(await metrics()).toContain(`inference_api_model_info{name="${MODEL}",version="${next.version}"} 1`);
  });

  it('keeps the serving version when the promoted one is corrupt, and counts the failure', async () => {
    const serving = (await predict([{ user_id: '1', product_id: '2' }]))[0]?.version as number;
    const corrupt = await publishTestChampion({ registry, lake, model: MODEL, events, numTrees: 5, seed: 3, corruptOnnx: true });
    await announce(corrupt.version);
    await waitUntil('the load failure to be counted', metrics, (text) => /inference_api_model_load_failures_total\{stage="runtime"\} 1/.test(text));
    expect((await predict([{ user_id: '1', product_id: '2' }]))[0]?.version).toBe(serving);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
  });

  it('swaps to a champion promoted in the registry alone, on its next poll (INFERENCE_MODEL_POLL_MS)', async () => {
    // No Kafka (the in-process bus): no model.promoted can reach this app, only its registry poll.
    const withoutKafka = Object.fromEntries(Object.entries(namespace.env).filter(([name]) => name !== 'KAFKA_BROKERS'));
    const serving = (await predict([{ user_id: '1', product_id: '2' }]))[0]?.version as number;
    await registry.setAlias(MODEL, 'champion', serving, { actor: 'tests' });
    const poller = await startInferenceApp({ ...withoutKafka, INFERENCE_MODEL_POLL_MS: '300' });
    const versionOf = async () => {
      const response = await fetch(`${poller.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"user_id":1,"product_id":2}]' });
      return ((await response.json()) as { predictions: ItemPrediction[] }).predictions[0]?.version;
    };
    try {
      expect(await versionOf()).toBe(serving);
      const next = await publishTestChampion({ registry, lake, model: MODEL, events, numTrees: 8, seed: 4, promote: false });
      await registry.setAlias(MODEL, 'champion', next.version, { actor: 'tests' });
      await waitUntil(`the poll to serve v${next.version}`, versionOf, (version) => version === next.version, 30_000);
    } finally {
      await poller.app.close();
    }
  });

  it('publishes drift per feature, documents /predict with examples, and exposes its metrics', async () => {
    const text = await waitUntil('drift gauges', metrics, (body) => /inference_api_feature_drift_ratio\{feature="price"\}/.test(body), 15_000);
    expect(text).toMatch(/inference_api_drift_window_items [1-9]/);
    expect(text).toMatch(/inference_api_predict_duration_seconds_bucket\{le="0.005",transport="http"\}/);
    expect(text).toMatch(/inference_api_prediction_score_ratio_count [1-9]/);
    expect(text).toMatch(/inference_api_http_request_duration_seconds_count\{method="POST",route="\/predict",status="200"\}/);
    const docs = (await (await fetch(`${api.url}/docs-json`)).json()) as { paths: Record<string, { post?: { requestBody?: unknown } }> };
    expect(JSON.stringify(docs.paths['/predict']?.post?.requestBody)).toContain('571535080');
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
  });

  it('checks INFERENCE_API_KEY before reading the body', async () => {
    const keyed = await startInferenceApp({ ...namespace.env, INFERENCE_API_KEY: 'serve-test-key-0123456789', INFERENCE_MODEL_POLL_MS: '600000' });
    try {
      const { port } = new URL(keyed.url);
      // Headers announce a 900 kB body that never comes: the answer must not wait for it.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n[');
        });
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString();
          if (received.includes('\r\n\r\n{')) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1.1 401/);
      expect(answer).toContain('x-api-key');
      const wrong = await fetch(`${keyed.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'not-the-key-at-all' }, body: '[]' });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${keyed.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'serve-test-key-0123456789' }, body: '[]' });
      expect(right.status).toBe(400);
    } finally {
      await keyed.app.close();
    }
  });
});
