import { itemAt } from '@platform/common';
import { LakeNotification } from '@platform/kafka-events';
import { register } from 'prom-client';
import { LakeAnnouncer } from './lake-announcer';

const object = { bucket: 'bronze', key: 'bronze/events/dt=2019-10-31/hour=18/01J.ndjson.gz', size: 123, eTag: 'abc' };

async function pendingGauge(): Promise<number> {
  const metric = await register.getSingleMetric('ingest_gateway_notifications_pending_messages')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('LakeAnnouncer', () => {
  it('sends the MinIO-format notification of the object', async () => {
    const sent: LakeNotification[] = [];
    const announcer = new LakeAnnouncer({ send: async (notification) => void sent.push(notification) }, { mode: 'writer' });
    announcer.announce(object);
    await announcer.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      EventName: 's3:ObjectCreated:Put',
      Key: `bronze/${object.key}`,
      Records: [{ eventSource: 'platform:ingest-gateway', s3: { bucket: { name: 'bronze' }, object: { key: 'bronze%2Fevents%2Fdt%3D2019-10-31%2Fhour%3D18%2F01J.ndjson.gz', size: 123, eTag: 'abc' } } }],
    });
  });

  it('retries in the background with backoff while the bus is down, never throwing at the writer', async () => {
    const attempts: number[] = [];
    let outage = 3;
    const announcer = new LakeAnnouncer(
      {
        send: async () => {
          attempts.push(Date.now());
          if (outage-- > 0) throw new Error('KafkaJSConnectionError: broker down');
        },
      },
      // Waits far apart enough that a loaded machine's timer lag (tens of ms) cannot reorder them.
      { mode: 'writer', initialDelayMs: 100, maxDelayMs: 1000 },
    );
    expect(() => announcer.announce(object)).not.toThrow();
    expect(announcer.pendingCount).toBe(1);
    expect(await pendingGauge()).toBe(1);
    await announcer.idle();
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((at, i) => at - itemAt(attempts, i));
    expect(itemAt(gaps, 2)).toBeGreaterThan(itemAt(gaps, 0)); // 100, 200, 400 ms (±20 %)
    expect(announcer.pendingCount).toBe(0);
    expect(await pendingGauge()).toBe(0);
  });

  it('gives pending notifications a grace period at close, then stops retrying', async () => {
    let calls = 0;
    const announcer = new LakeAnnouncer(
      {
        send: async () => {
          calls++;
          throw new Error('still down');
        },
      },
      { mode: 'writer', initialDelayMs: 10, maxDelayMs: 20 },
    );
    announcer.announce(object);
    const started = Date.now();
    await announcer.close(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(announcer.pendingCount).toBe(0);
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(after);
  });

  it('leaves the announcing to the lake in `lake` mode, but still re-announces on request', async () => {
    const sent: LakeNotification[] = [];
    const announcer = new LakeAnnouncer({ send: async (notification) => void sent.push(notification) }, { mode: 'lake' });
    announcer.announce(object);
    await announcer.idle();
    expect(sent).toHaveLength(0);
    await announcer.announceNow(object);
    expect(sent).toHaveLength(1);
  });
});
