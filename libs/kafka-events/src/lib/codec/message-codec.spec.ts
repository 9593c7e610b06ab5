import { DATA_STREAMING_DLQ_TOPIC } from '../contracts/dead-letter.contract';
import { INFERENCE_PREDICT_REPLY_TOPIC, INFERENCE_PREDICT_TOPIC } from '../contracts/inference-predict.contract';
import { MODEL_PROMOTED_TOPIC } from '../contracts/model-promoted.contract';
import { allPlatformTopics, contractFor } from '../contracts/platform-contracts';
import { TRAINER_REQUESTS_TOPIC } from '../contracts/trainer-request.contract';
import { TRAINER_TRIALS_TOPIC } from '../contracts/trainer-trial.contract';
import { MessageValidationError } from '../errors/message-validation.error';
import { UnknownTopicError } from '../errors/unknown-topic.error';
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, MessageCodec } from './message-codec';

const codec = new MessageCodec();
const USER = '1515915625519388267'; // 19 digits: above 2^53
const PRODUCT = '9223372036854775807';
const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';

function rejection(action: () => unknown): MessageValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof MessageValidationError) return error;
    throw error;
  }
  throw new Error('expected a MessageValidationError');
}

/** Round trip through the wire format, as a consumer would see it. */
function roundTrip(topic: string, message: unknown): unknown {
  return codec.decode(topic, Buffer.from(codec.encode(topic, message).value));
}

const promoted = {
  schemaVersion: 1,
  model: 'purchase-propensity',
  version: 3,
  alias: 'champion',
  artifactUri: 's3://storage/models/purchase-propensity/3/',
  metrics: { roc_auc: 0.91, log_loss: 0.07 },
  promotedAt: '2024-05-06T14:03:27.541Z',
} as const;

describe('MessageCodec', () => {
  describe('model.promoted', () => {
    it('accepts a valid message and keys it by model', () => {
      expect(roundTrip(MODEL_PROMOTED_TOPIC, promoted)).toEqual(promoted);
      expect(codec.encode(MODEL_PROMOTED_TOPIC, promoted).key).toBe('purchase-propensity');
    });

    it.each([
      ['schemaVersion', 2, 'invalid_value'],
      ['model', '', 'invalid_format:regex'],
      ['version', 0, 'too_small'],
      ['version', '3', 'invalid_type'],
      ['alias', 'Champion!', 'invalid_format:regex'],
      ['artifactUri', 'models/3', 'invalid_format:regex'],
      ['metrics', { auc: 'high' }, 'invalid_type'],
      ['promotedAt', 'yesterday', 'invalid_format:datetime'],
    ])('names the field %s (value %j) and the rule %s', (field, value, rule) => {
      const error = rejection(() => codec.encode(MODEL_PROMOTED_TOPIC, { ...promoted, [field]: value }));
      expect(error.topic).toBe(MODEL_PROMOTED_TOPIC);
      expect(error.field.startsWith(field)).toBe(true);
      expect(error.rule).toBe(rule);
      expect(error.message).toContain(`invalid message on topic "model.promoted": ${error.field}`);
      expect(error.retriable).toBe(false);
      expect(error.code).toBe('INVALID_MESSAGE');
    });

    it('names a missing field', () => {
      const { model: _model, ...withoutModel } = promoted;
      expect(rejection(() => codec.decode(MODEL_PROMOTED_TOPIC, JSON.stringify(withoutModel)))).toMatchObject({ field: 'model', rule: 'invalid_type' });
    });
  });

  describe('inference.predict', () => {
    it('keeps 19-digit ids as strings, byte for byte', () => {
      const request = { items: [{ user_id: USER, product_id: PRODUCT, user_session: SESSION }, { user_id: USER, product_id: '5100816' }] };
      const decoded = roundTrip(INFERENCE_PREDICT_TOPIC, request) as { items: { user_id: unknown; product_id: unknown }[] };
      expect(decoded.items[0]).toEqual({ user_id: USER, product_id: PRODUCT, user_session: SESSION });
      expect(typeof decoded.items[0]?.user_id).toBe('string');
      // Even when a consumer reads the raw text (no number ever held the id).
      expect(codec.encode(INFERENCE_PREDICT_TOPIC, request).value).toContain(`"user_id":"${USER}"`);
    });

    it('accepts small numeric ids from foreign producers as strings, and refuses ids that lost digits', () => {
      expect(decodeMessage(INFERENCE_PREDICT_TOPIC, '{"items":[{"user_id":541312140,"product_id":3900821}]}').items[0]).toEqual({
        user_id: '541312140',
        product_id: '3900821',
      });
      const error = rejection(() => codec.decode(INFERENCE_PREDICT_TOPIC, `{"items":[{"user_id":${USER},"product_id":"1"}]}`));
      expect(error).toMatchObject({ field: 'items[0].user_id', rule: 'unsafe_integer' });
      expect(error.message).toMatch(/ids must be JSON strings/);
    });

    it.each([
      ['items', 'too_small', { items: [] }],
      ['items[0].user_id', 'id_format', { items: [{ user_id: '', product_id: '1' }] }],
      ['items[0].user_id', 'id_format', { items: [{ user_id: 'a b', product_id: '1' }] }],
      ['items[0].user_id', 'invalid_type', { items: [{ user_id: true, product_id: '1' }] }],
      ['items[0].product_id', 'invalid_type', { items: [{ user_id: '1' }] }],
      ['items[0].user_id', 'id_format', { items: [{ user_id: 'x'.repeat(65), product_id: '1' }] }],
      ['items', 'too_big', { items: Array.from({ length: 1001 }, () => ({ user_id: '1', product_id: '2' })) }],
      ['schemaVersion', 'invalid_value', { schemaVersion: 2, items: [{ user_id: '1', product_id: '2' }] }],
    ])('rejects a request at %s with rule %s', (field, rule, request) => {
      expect(rejection(() => codec.encode(INFERENCE_PREDICT_TOPIC, request as never))).toMatchObject({ field, rule });
    });

    it('validates replies: probability in [0, 1] or null, session null when unknown', () => {
      const model = { model: 'purchase-propensity', version: 3 };
      const reply = {
        predictions: [
          { user_id: USER, product_id: PRODUCT, user_session: SESSION, probability: 0.12, features: 'found', ...model },
          { user_id: '1', product_id: '2', user_session: null, probability: null, features: 'missing', ...model },
        ],
      };
      expect(roundTrip(INFERENCE_PREDICT_REPLY_TOPIC, reply)).toEqual(reply);
      const bad = { ...reply, predictions: [{ ...reply.predictions[0], probability: 1.5 }] };
      expect(rejection(() => codec.encode(INFERENCE_PREDICT_REPLY_TOPIC, bad))).toMatchObject({ field: 'predictions[0].probability', rule: 'too_big' });
    });
  });

  describe('trainer.requests and trainer.trials', () => {
    it('accepts commands with params and rejects unknown commands', () => {
      const request = { schemaVersion: 1, command: 'train', params: { examples: 'first-view', trials: 40, gpu: false }, requestId: 'r-1' } as const;
      expect(roundTrip(TRAINER_REQUESTS_TOPIC, request)).toEqual(request);
      expect(rejection(() => codec.encode(TRAINER_REQUESTS_TOPIC, { ...request, command: 'deploy' } as never))).toMatchObject({
        field: 'command',
        rule: 'invalid_value',
      });
      expect(rejection(() => codec.encode(TRAINER_REQUESTS_TOPIC, { ...request, params: { nested: { a: 1 } } } as never))).toMatchObject({
        field: 'params.nested',
      });
    });

    it('accepts a trial', () => {
      const trial = { schemaVersion: 1, studyId: 'study-7', trialId: '12', params: { learning_rate: 0.1, max_depth: 6 }, maxRounds: 300 } as const;
      expect(roundTrip(TRAINER_TRIALS_TOPIC, trial)).toEqual({ ...trial, fromRound: 0, metrics: ['auc'] });
      const segment = { ...trial, fromRound: 50, maxRounds: 100, metrics: ['auc', 'logloss'], datasetUri: 's3://storage/searches/study-7/' } as const;
      expect(roundTrip(TRAINER_TRIALS_TOPIC, segment)).toEqual(segment);
      expect(rejection(() => codec.encode(TRAINER_TRIALS_TOPIC, { ...segment, maxRounds: 50 }))).toMatchObject({ field: 'maxRounds' });
    });
  });

  describe('dead letters', () => {
    const letter = {
      schemaVersion: 1,
      reason: 'price: expected a number ≥ 0',
      field: 'price',
      value: -3,
      rule: 'too_small',
      source: { bucket: 'bronze', key: 'bronze/events/dt=2019-10-01/hour=00/01HX.ndjson.gz', eTag: 'abc' },
      line: 17,
      raw: '{"price":-3}',
      at: '2024-05-06T14:03:27.541Z',
    } as const;

    it('accepts a rejected record (lake source, line) and keys it by object', () => {
      expect(roundTrip(DATA_STREAMING_DLQ_TOPIC, letter)).toEqual(letter);
      expect(codec.encode(DATA_STREAMING_DLQ_TOPIC, letter).key).toBe(`bronze/${letter.source.key}`);
    });

    it('accepts a failed bus message (topic source) on every <topic>.dlq', () => {
      const failed = { schemaVersion: 1, reason: 'boom', source: { topic: MODEL_PROMOTED_TOPIC, partition: 2, offset: '42', key: null }, attempts: 5, at: letter.at };
      expect(roundTrip('model.promoted.dlq', failed)).toEqual(failed);
      expect(allPlatformTopics()).toEqual(
        expect.arrayContaining(['data_streaming.dlq', 'model.promoted.dlq', 'trainer.requests.dlq', 'trainer.trials.dlq', 'inference.predict.reply']),
      );
    });

    it('names what is missing', () => {
      const { source: _source, ...withoutSource } = letter;
      expect(rejection(() => codec.encode(DATA_STREAMING_DLQ_TOPIC, withoutSource as never))).toMatchObject({ field: 'source', rule: 'invalid_type' });
      expect(rejection(() => codec.encode(DATA_STREAMING_DLQ_TOPIC, { ...letter, line: 0 }))).toMatchObject({ field: 'line', rule: 'too_small' });
    });
  });

  describe('raw input', () => {
    it.each([
      [null, 'empty'],
      ['', 'empty'],
      [Buffer.alloc(0), 'empty'],
      ['{"schemaVersion":1,', 'json'],
      ['not json', 'json'],
      ['[]', 'invalid_type'],
      ['null', 'invalid_type'],
      ['"a string"', 'invalid_type'],
    ])('rejects %j with rule %s, naming the whole message', (raw, rule) => {
      const error = rejection(() => codec.decode(MODEL_PROMOTED_TOPIC, raw as string | Buffer | null));
      expect(error).toMatchObject({ topic: MODEL_PROMOTED_TOPIC, field: '', rule });
      expect(error.message).toContain('(message)');
    });

    it('refuses messages above Kafka’s 1 MB before parsing them, on both ends', () => {
      const huge = `{"pad":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`;
      expect(rejection(() => codec.decode(MODEL_PROMOTED_TOPIC, huge))).toMatchObject({ rule: 'max_bytes' });
      const bigMetrics = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`metric_${i}`, i]));
      expect(rejection(() => encodeMessage(MODEL_PROMOTED_TOPIC, { ...promoted, metrics: bigMetrics }))).toMatchObject({ rule: 'max_bytes' });
    });

    it('refuses what JSON cannot carry', () => {
      expect(rejection(() => codec.encode(MODEL_PROMOTED_TOPIC, { ...promoted, metrics: { auc: Infinity } }))).toMatchObject({ field: 'metrics.auc' });
      const letter = { schemaVersion: 1, reason: 'r', value: 10n, source: { topic: 't' }, at: '2024-05-06T14:03:27.541Z' } as const;
      expect(rejection(() => codec.encode(DATA_STREAMING_DLQ_TOPIC, letter))).toMatchObject({ field: '', rule: 'json' });
    });

    it('throws UnknownTopicError for a topic without a contract', () => {
      expect(() => codec.decode('clicks', '{}')).toThrow(UnknownTopicError);
      expect(() => contractFor('clicks.dlq')).toThrow(/no message contract for topic "clicks.dlq"/);
    });
  });
});
