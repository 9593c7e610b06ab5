import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DATA_SOURCE, writeTransaction } from '@platform/database';
import { randomBytes } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';
import { IdempotencyKeyEntity } from '../database/idempotency-key.entity';

/** How long a key holds its first answer (24 h). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A key held this long without an answer belongs to a request that died (a crash): another may take it. */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 5 * 60 * 1000;

export type IdempotencyClaim =
  | { kind: 'claimed'; claim: string }
  | { kind: 'answered'; status: number; body: unknown }
  | { kind: 'in_flight' }
  | { kind: 'other_request' };

/**
 * `POST /events`' idempotency keys in the platform database (`ingest_idempotency_keys`). The key
 * is the primary key, so of two requests racing for one key exactly one inserts it, on
 * PostgreSQL and SQLite alike (insert-or-ignore, then read who holds it).
 */
@Injectable()
export class IdempotencyKeyStore {
  constructor(@Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Takes the key for this request, or says who has it: an answer to replay, a request in flight, or another body. */
  claim(key: string, requestHash: string, nowMs = Date.now()): Promise<IdempotencyClaim> {
    const claim = randomBytes(16).toString('hex');
    return writeTransaction(this.dataSource, async (manager) => {
      const keys = manager.getRepository(IdempotencyKeyEntity);
      // An expired key, or one held by a request that died, is free again.
      await keys.delete({ key, expiresAtMs: LessThan(nowMs) });
      await keys.delete({ key, status: 'in_flight', createdAtMs: LessThan(nowMs - IDEMPOTENCY_CLAIM_LEASE_MS) });
      const row: IdempotencyKeyEntity = {
        key,
        requestHash,
        claim,
        status: 'in_flight',
        responseStatus: null,
        responseBody: null,
        createdAtMs: nowMs,
        expiresAtMs: nowMs + IDEMPOTENCY_KEY_TTL_MS,
      };
      await manager.createQueryBuilder().insert().into(IdempotencyKeyEntity).values(row).orIgnore().execute();
      const holder = await keys.findOneByOrFail({ key });
      if (holder.claim === claim) return { kind: 'claimed', claim };
      if (holder.requestHash !== requestHash) return { kind: 'other_request' };
      if (holder.status === 'in_flight') return { kind: 'in_flight' };
      return { kind: 'answered', status: Number(holder.responseStatus), body: JSON.parse(holder.responseBody ?? 'null') as unknown };
    });
  }

  /** Records the answer of the request holding the key; retries with the key get it from now on. */
  async complete(key: string, claim: string, status: number, body: unknown): Promise<void> {
    await writeTransaction(this.dataSource, (manager) =>
      manager.update(IdempotencyKeyEntity, { key, claim }, { status: 'done', responseStatus: status, responseBody: JSON.stringify(body) }),
    );
  }

  /** Frees the key of a request that accepted nothing (e.g. the lake was away), so its retry does the work. */
  async release(key: string, claim: string): Promise<void> {
    await writeTransaction(this.dataSource, (manager) => manager.delete(IdempotencyKeyEntity, { key, claim }));
  }

  /** Deletes the keys past their 24 h; returns how many. */
  async deleteExpired(nowMs = Date.now()): Promise<number> {
    const result = await writeTransaction(this.dataSource, (manager) => manager.delete(IdempotencyKeyEntity, { expiresAtMs: LessThan(nowMs) }));
    return result.affected ?? 0;
  }
}
