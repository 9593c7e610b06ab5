import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An `Idempotency-Key` of `POST /events`: who holds it, for which body, and the answer once given. */
@Entity('ingest_idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  /** SHA-256 (hex) of the request: content type, content encoding and body bytes as sent. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  /** The request that holds the key (random per request): only it may complete or release it. */
  @Column({ type: 'varchar', length: 32 })
  claim!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'in_flight' | 'done';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'created_at', type: 'double precision' })
  createdAtMs!: number;

  /** Indexed (`ingest_idempotency_keys_expires_at`) for the clean-up. */
  @Column({ name: 'expires_at', type: 'double precision' })
  expiresAtMs!: number;
}
