import { openPlatformDataSource } from '@platform/database';
import { createScratchDatabase, ScratchDatabase } from '@platform/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INGEST_SCHEMA } from '../database/ingest.schema';
import { IDEMPOTENCY_CLAIM_LEASE_MS, IDEMPOTENCY_KEY_TTL_MS, IdempotencyKeyStore } from './idempotency-key.store';

const HOUR = 60 * 60 * 1000;

describe.each(['sqlite', 'postgres'] as const)('IdempotencyKeyStore on %s', (kind) => {
  let dataSource: DataSource;
  let store: IdempotencyKeyStore;
  let dir: string | undefined;
  let database: ScratchDatabase | undefined;

  beforeAll(async () => {
    if (kind === 'postgres') {
      database = await createScratchDatabase('ingest_idempotency');
      dataSource = await openPlatformDataSource({ kind: 'postgres', url: database.url }, [INGEST_SCHEMA]);
    } else {
      dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
      dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [INGEST_SCHEMA]);
    }
    store = new IdempotencyKeyStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the key to the first request; a retry gets in_flight, then the recorded answer; another body is refused', async () => {
    const first = await store.claim('k-1', 'hash-a');
    expect(first.kind).toBe('claimed');
    expect(await store.claim('k-1', 'hash-a')).toEqual({ kind: 'in_flight' });
    await store.complete('k-1', (first as { claim: string }).claim, 202, { accepted: 3, objects: ['bronze/x'] });
    expect(await store.claim('k-1', 'hash-a')).toEqual({ kind: 'answered', status: 202, body: { accepted: 3, objects: ['bronze/x'] } });
    expect(await store.claim('k-1', 'hash-b')).toEqual({ kind: 'other_request' });
  });

  it('lets exactly one of many concurrent requests take a key', async () => {
    const claims = await Promise.all(Array.from({ length: 12 }, () => store.claim('k-race', 'hash-a')));
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in_flight')).toHaveLength(11);
  });

  it('frees a released key, and one held past the lease by a request that died', async () => {
    const first = (await store.claim('k-release', 'hash-a')) as { claim: string };
    await store.release('k-release', first.claim);
    expect((await store.claim('k-release', 'hash-b')).kind).toBe('claimed');

    const now = Date.now();
    expect((await store.claim('k-dead', 'hash-a', now - IDEMPOTENCY_CLAIM_LEASE_MS - 1000)).kind).toBe('claimed');
    expect((await store.claim('k-dead', 'hash-a', now)).kind).toBe('claimed');
  });

  it('forgets keys after 24 h: an old key is taken anew, and the clean-up deletes the expired ones only', async () => {
    const now = Date.now();
    const old = (await store.claim('k-old', 'hash-a', now - IDEMPOTENCY_KEY_TTL_MS - HOUR)) as { claim: string };
    await store.complete('k-old', old.claim, 202, { accepted: 1 });
    const older = (await store.claim('k-older', 'hash-a', now - IDEMPOTENCY_KEY_TTL_MS - 2 * HOUR)) as { claim: string };
    await store.complete('k-older', older.claim, 202, { accepted: 1 });
    const recent = (await store.claim('k-recent', 'hash-a', now - HOUR)) as { claim: string };
    await store.complete('k-recent', recent.claim, 202, { accepted: 2 });

    expect((await store.claim('k-old', 'hash-b', now)).kind).toBe('claimed');
    expect(await store.deleteExpired(now)).toBe(1); // k-older; k-old was replaced, k-recent stays
    expect(await store.claim('k-recent', 'hash-a', now)).toEqual({ kind: 'answered', status: 202, body: { accepted: 2 } });
  });
});
