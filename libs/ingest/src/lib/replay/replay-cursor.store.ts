import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DATA_SOURCE, writeTransaction } from '@platform/database';
import { DataSource } from 'typeorm';
import { ReplayCursorEntity } from '../database/replay-cursor.entity';

export interface ReplayCursor {
  name: string;
  prefix: string;
  lastKey: string | null;
  objectsCopied: number;
  finishedAt: Date | null;
}

/** The replays' cursors in the platform database (`ingest_replay_cursors`), so a restart resumes where it stopped. */
@Injectable()
export class ReplayCursorStore {
  constructor(@Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async get(name: string): Promise<ReplayCursor | undefined> {
    const row = await this.dataSource.getRepository(ReplayCursorEntity).findOneBy({ name });
    return row ? cursorOf(row) : undefined;
  }

  async save(cursor: ReplayCursor): Promise<void> {
    const row: ReplayCursorEntity = {
      name: cursor.name,
      prefix: cursor.prefix,
      lastKey: cursor.lastKey,
      objectsCopied: cursor.objectsCopied,
      finishedAtMs: cursor.finishedAt?.getTime() ?? null,
      updatedAtMs: Date.now(),
    };
    await writeTransaction(this.dataSource, (manager) => manager.upsert(ReplayCursorEntity, row, ['name']));
  }

  /** Forgets the cursor: the next replay of that name starts from the first key. */
  async reset(name: string): Promise<void> {
    await writeTransaction(this.dataSource, (manager) => manager.delete(ReplayCursorEntity, { name }));
  }
}

function cursorOf(row: ReplayCursorEntity): ReplayCursor {
  return {
    name: row.name,
    prefix: row.prefix,
    lastKey: row.lastKey,
    objectsCopied: Number(row.objectsCopied),
    finishedAt: row.finishedAtMs === null ? null : new Date(Number(row.finishedAtMs)),
  };
}
