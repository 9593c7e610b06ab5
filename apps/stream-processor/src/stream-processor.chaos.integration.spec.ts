import { lakeObjectIdText } from '@platform/common';
import { CleanEvent, parseEvents, TruncatedInputError } from '@platform/events';
import { compareEventTime, FeatureState, reduceEvents } from '@platform/features';
import { REES46_FILES, rees46Lines, ServiceProcess, waitUntil } from '@platform/testing';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { featureDifferences } from './testing/feature-parity';
import { closeProcessorRun, countRows, kafka, openProcessorRun, ProcessorRun, ReadLetter, startProcessor, writeAndAnnounce } from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';

/**
 * The chaos test of DESIGN.md section 13 on the real servers: the 300k real rows of REES46's
 * November head, cut into 30 gzip CSV objects with poison mixed in (over-long fields, bad types,
 * dates in 9999, a truncated object), processed by two replicas of the stream-processor app in one
 * consumer group, each killed with SIGKILL mid-stream and restarted. At the end Redis holds
 * exactly the reducer's result over the good rows, PostgreSQL each good row once, and the DLQ each
 * bad row once with its reason.
 */
jest.setTimeout(900_000);

const ROWS_PER_OBJECT = 10_000;

const [HEADER = '', ...ROWS] = rees46Lines(REES46_FILES.november);
const COLUMNS = HEADER.split(',');
const poisoned = (row: string, column: string, value: string) => {
  const fields = row.split(',');
  fields[COLUMNS.indexOf(column)] = value;
  return fields.join(',');
};

/** What each planted poison must be rejected for: [column, value, rule]. */
const POISONS: [string, string, string][] = [
  ['brand', 'b'.repeat(300), 'max_length'],
  ['category_code', `${'c'.repeat(300)}.x`, 'max_length'],
  ['event_time', '9999-12-31 23:59:59 UTC', 'time_range'],
  ['price', 'twelve', 'number'],
  ['product_id', '12.5', 'digits'],
  ['user_id', '1'.repeat(21), 'digits'],
  ['event_type', 'wishlist', 'event_type'],
  ['brand', 'acme\u0000corp', 'text'],
];

interface PlannedObject {
  key: string;
  body: Buffer;
  /** Poison planted: line → the rule it must be rejected by. */
  poison: Map<number, string>;
}

/** 30 objects; every third one gets the eight poisons (real rows with one field replaced) spread over it; one is cut short. */
function planObjects(): { objects: PlannedObject[]; truncatedKey: string } {
  const objects: PlannedObject[] = [];
  let truncatedKey = '';
  for (let n = 0, start = 0; start < ROWS.length; n++, start += ROWS_PER_OBJECT) {
    const rows = ROWS.slice(start, start + ROWS_PER_OBJECT);
    const poison = new Map<number, string>();
    if (n % 3 === 1) {
      POISONS.forEach(([column, value, rule], i) => {
        const at = 500 + i * 1100; // an index into rows; CSV line = index + 2 (the header is line 1)
        rows.splice(at, 0, poisoned(rows[at] ?? '', column, value));
        poison.set(at + 2, rule);
      });
    }
    const key = `bronze/chaos/part-${String(n).padStart(2, '0')}.csv.gz`;
    let body = gzipSync(`${[HEADER, ...rows].join('\n')}\n`);
    if (n === 17) {
      body = body.subarray(0, Math.floor(body.length * 0.55)); // a truncated upload
      truncatedKey = key;
    }
    objects.push({ key, body, poison });
  }
  return { objects, truncatedKey };
}

/** What the processor must make of an object, by the same parser: its good events, its bad lines, its unreadable tail. */
interface Expected {
  good: CleanEvent[];
  bad: Map<number, string>;
  tailFrom?: number;
}

async function expectationOf(object: PlannedObject, eTag: string): Promise<Expected> {
  const expected: Expected = { good: [], bad: new Map() };
  const source = lakeObjectIdText({ bucket: 'bronze', key: object.key, eTag });
  try {
    for await (const batch of parseEvents(Readable.from([object.body]), { format: 'csv', source })) {
      for (const record of batch) {
        if (record.ok) expected.good.push(record.event);
        else expected.bad.set(record.line, record.rejections[0]?.rule ?? '?');
      }
    }
  } catch (error) {
    if (!(error instanceof TruncatedInputError)) throw error;
    expected.tailFrom = error.afterLine + 1;
  }
  return expected;
}

describe('chaos: 300k real rows with poison, two replicas each killed with SIGKILL and restarted', () => {
  let run: ProcessorRun;
  const replicas: ServiceProcess[] = [];
  const { objects, truncatedKey } = planObjects();
  const expected = new Map<string, Expected>();

  const processed = () => countRows(run, 'processed_objects');
  const start = async () => {
    const replica = await startProcessor(run); // the namespace's 6 s session timeout: a killed member's partitions move soon
    replicas.push(replica);
    return replica;
  };
  /** Waits for `atLeast` settled objects, printing a line with the rate and an ETA every 10 s. */
  const untilProcessed = async (atLeast: number, timeoutMs: number) => {
    const started = Date.now();
    const initial = await processed();
    const progress = setInterval(() => {
      void processed().then((n) => {
        const rate = (n - initial) / ((Date.now() - started) / 1000);
        const eta = rate > 0 ? `${Math.round((objects.length - n) / rate)} s` : 'unknown';
        process.stderr.write(`chaos: ${n}/${objects.length} objects settled, ${rate.toFixed(2)} objects/s, all in ${eta}\n`);
      });
    }, 10_000);
    try {
      await waitUntil(`${atLeast} processed objects`, processed, (n) => n >= atLeast, timeoutMs);
    } finally {
      clearInterval(progress);
    }
  };
  /** Kills a replica while objects are still waiting, and checks it was mid-stream. */
  const killWhenProcessed = async (replica: ServiceProcess, atLeast: number) => {
    await untilProcessed(atLeast, 300_000);
    // It owns partitions and works on them (it has settled an object of its own), so objects of its are in flight.
    await waitUntil('the replica settling objects', async () => replica.output(), (text) => /: processed/.test(text), 120_000);
    const { signal } = await replica.stop('SIGKILL');
    expect(signal).toBe('SIGKILL');
    expect(await processed()).toBeLessThan(objects.length);
  };

  beforeAll(async () => {
    run = await openProcessorRun('chaos');
    const [first, second] = await Promise.all([start(), start()]);
    for (const object of objects) await writeAndAnnounce(run, object, 'application/gzip');

    await killWhenProcessed(first, 6);
    await start();
    await killWhenProcessed(second, 15);
    await start();
    await untilProcessed(objects.length, 600_000);
    for (const object of objects) expected.set(object.key, await expectationOf(object, run.announced.get(object.key)?.eTag ?? ''));
  });

  afterAll(async () => {
    // Their work is checked by now: no need to wait for a graceful stop.
    await Promise.all(replicas.map((replica) => replica.stop('SIGKILL')));
    if (run) await closeProcessorRun(run);
  });

  it('plants what it means to: 300k real rows, 80 poisons, a truncated object', () => {
    expect(ROWS).toHaveLength(300_000);
    const planted = objects.reduce((total, object) => total + object.poison.size, 0);
    expect(planted).toBe(10 * POISONS.length);
    for (const object of objects) {
      const { bad, tailFrom } = expected.get(object.key) as Expected;
      for (const [line, rule] of object.poison) if (tailFrom === undefined || line < tailFrom) expect([line, bad.get(line)]).toEqual([line, rule]);
    }
    expect(expected.get(truncatedKey)?.tailFrom).toBeGreaterThan(1000);
  });

  it('settles every object once: processed, the truncated one with its tail counted as rejected', async () => {
    expect(await countRows(run, 'processed_objects', "status = 'processed'")).toBe(objects.length);
  });

  it('holds each good row once in PostgreSQL', async () => {
    const good = [...expected.values()].flatMap((object) => object.good.map((event) => event.event_id));
    const stored = await run.pg.query<{ rows: string; ids: string }>('SELECT count(*) AS rows, count(DISTINCT event_id) AS ids FROM clean_events');
    expect(stored.rows[0]).toEqual({ rows: String(good.length), ids: String(good.length) });
    const ids = await run.pg.query<{ event_id: string }>('SELECT event_id FROM clean_events');
    const expectedIds = new Set(good);
    expect(ids.rows.filter(({ event_id }) => !expectedIds.has(event_id))).toEqual([]);
  });

  it("holds in Redis exactly the reducer's result over the good rows", async () => {
    const events = [...expected.values()].flatMap((object) => object.good).sort(compareEventTime);
    const offline = new FeatureState();
    offline.apply(reduceEvents(events));
    const online = await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix);
    expect(featureDifferences(online, offline)).toEqual([]);
    // The cap bound on real sessions: some viewed more than 100 products.
    const capped = [...online.entries()].filter(([key, hash]) => key.startsWith('session:') && Object.keys(hash).filter((f) => f.startsWith('p:')).length === 100);
    expect(capped.length).toBeGreaterThan(0);
  });

  it('has each bad row in the DLQ exactly once with its reason, and the truncated tail once', async () => {
    const letters = await readAllLetters(run);
    const want = [...expected.entries()].flatMap(([key, object]) => [
      ...[...object.bad].map(([line, rule]) => `${key}#${line}#${rule}`),
      ...(object.tailFrom === undefined ? [] : [`${key}#${object.tailFrom}#TRUNCATED_INPUT`]),
    ]);
    const got = letters.map((letter) => `${letter.source.key}#${letter.line}#${letter.rule ?? letter.code}`);
    expect(got.sort()).toEqual(want.sort());
    expect(letters.every((letter) => letter.reason.length > 10)).toBe(true);
  });
});

/**
 * Every letter of the run's DLQ, read_committed: after the processors stopped, an end marker is
 * written to each partition, and reading stops once each partition's marker is seen, so nothing
 * committed before it can still be on its way (no waiting for a count that duplicates could pass).
 */
async function readAllLetters(run: ProcessorRun): Promise<ReadLetter[]> {
  const topic = `${run.namespace.topicPrefix}data_streaming.dlq`;
  const admin = kafka.admin();
  await admin.connect();
  const partitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.map((p) => p.partitionId) ?? [];
  await admin.disconnect();
  const marker = `end-${Date.now()}`;
  await run.producer.send({ topic, messages: partitions.map((partition) => ({ partition, value: JSON.stringify({ marker }) })) });
  const letters: ReadLetter[] = [];
  const ended = new Set<number>();
  const consumer = kafka.consumer({ groupId: `${run.namespace.id}-chaos-dlq-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = JSON.parse(String(message.value)) as ReadLetter & { marker?: string };
        if (value.marker === marker) ended.add(partition);
        else if (value.marker === undefined) letters.push(value);
      },
    });
    await waitUntil('an end marker from every DLQ partition', async () => ended.size, (n) => n === partitions.length, 120_000);
  } finally {
    await consumer.disconnect();
  }
  return letters;
}
