import { EVENT_LIMITS } from '@platform/events';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One clean event in the offline store. `event_id` is deterministic (libs/events), so a replayed
 * object inserts nothing twice. Ids stay text: category ids have 19 digits. Text columns are at
 * least as long as libs/events' `EVENT_LIMITS`, so a clean event always fits.
 */
@Entity('clean_events')
@Index('clean_events_time', ['eventTimeMs', 'eventId'])
@Index('clean_events_source', ['sourceKey', 'sourceLine'])
export class CleanEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId!: string;

  /** Epoch milliseconds (a double holds them exactly); the replay's sort key. */
  @Column({ name: 'event_time_ms', type: 'double precision' })
  eventTimeMs!: number;

  /** The day partition, `YYYY-MM-DD` UTC. */
  @Column({ name: 'event_date', type: 'varchar', length: 10 })
  eventDate!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 16 })
  eventType!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 32 })
  productId!: string;

  @Column({ name: 'category_id', type: 'varchar', length: 32 })
  categoryId!: string;

  @Column({ name: 'category_code', type: 'varchar', length: EVENT_LIMITS.categoryCodeLength, nullable: true })
  categoryCode!: string | null;

  @Column({ name: 'category_l1', type: 'varchar', length: EVENT_LIMITS.categoryLevelLength, nullable: true })
  categoryL1!: string | null;

  @Column({ name: 'category_l2', type: 'varchar', length: EVENT_LIMITS.categoryLevelLength, nullable: true })
  categoryL2!: string | null;

  @Column({ type: 'varchar', length: EVENT_LIMITS.brandLength, nullable: true })
  brand!: string | null;

  @Column({ type: 'double precision' })
  price!: number;

  @Column({ name: 'user_id', type: 'varchar', length: 32 })
  userId!: string;

  @Column({ name: 'user_session', type: 'varchar', length: 64 })
  userSession!: string;

  @Column({ type: 'integer' })
  weekday!: number;

  @Column({ type: 'integer' })
  hour!: number;

  @Column({ name: 'source_bucket', type: 'varchar', length: 255 })
  sourceBucket!: string;

  @Column({ name: 'source_key', type: 'varchar', length: 1024 })
  sourceKey!: string;

  @Column({ name: 'source_line', type: 'integer' })
  sourceLine!: number;
}
