import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DATA_SOURCE, writeTransaction } from '@platform/database';
import { DataSource, In } from 'typeorm';
import { JobEntity } from '../database/job.entity';
import type { JobKind, JobStatus, JobView } from './job-registry';

/** The gateway's jobs in the platform database (`ingest_jobs`): `GET /jobs/:id` after a restart, and what to resume. */
@Injectable()
export class JobStore {
  constructor(@Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async save(view: JobView, owner: string, nowMs = Date.now()): Promise<void> {
    const row: JobEntity = {
      id: view.id,
      kind: view.kind,
      status: view.status,
      params: JSON.stringify(view.params),
      progress: jsonOrNull(view.progress),
      result: jsonOrNull(view.result),
      error: jsonOrNull(view.error),
      startedAt: view.startedAt,
      finishedAt: view.finishedAt ?? null,
      owner,
      heartbeatAtMs: nowMs,
    };
    await writeTransaction(this.dataSource, (manager) => manager.upsert(JobEntity, row, ['id']));
  }

  async get(id: string): Promise<JobView | undefined> {
    const row = await this.dataSource.getRepository(JobEntity).findOneBy({ id });
    return row ? viewOf(row) : undefined;
  }

  /** The latest jobs first (ids are ULIDs: they sort by start). */
  async list(limit: number): Promise<JobView[]> {
    const rows = await this.dataSource.getRepository(JobEntity).find({ order: { id: 'DESC' }, take: limit });
    return rows.map(viewOf);
  }

  /**
   * Takes over the jobs left `interrupted` by a stopping gateway, and the `running` ones whose
   * owner stopped beating for `staleMs` (killed): each is claimed by a compare-and-set on its
   * owner and heartbeat, so of two gateways looking at once, one resumes it.
   */
  async claimInterrupted(owner: string, staleMs: number, nowMs = Date.now()): Promise<JobView[]> {
    const candidates = await this.dataSource.getRepository(JobEntity).find({ where: { status: In(['running', 'interrupted']) } });
    const claimed: JobView[] = [];
    for (const row of candidates) {
      if (row.owner === owner || (row.status === 'running' && Number(row.heartbeatAtMs) > nowMs - staleMs)) continue;
      const taken = await writeTransaction(this.dataSource, (manager) =>
        manager.update(JobEntity, { id: row.id, owner: row.owner, heartbeatAtMs: row.heartbeatAtMs }, { owner, heartbeatAtMs: nowMs, status: 'running' }),
      );
      if (taken.affected === 1) claimed.push(viewOf(row));
    }
    return claimed;
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function parsed(text: string | null): unknown {
  return text === null ? undefined : (JSON.parse(text) as unknown);
}

function viewOf(row: JobEntity): JobView {
  const view: JobView = {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    params: parsed(row.params) as Record<string, unknown>,
    startedAt: row.startedAt,
  };
  const progress = parsed(row.progress);
  const result = parsed(row.result);
  const error = parsed(row.error) as JobView['error'];
  if (progress !== undefined) view.progress = progress;
  if (result !== undefined) view.result = result;
  if (error !== undefined) view.error = error;
  if (row.finishedAt !== null) view.finishedAt = row.finishedAt;
  return view;
}
