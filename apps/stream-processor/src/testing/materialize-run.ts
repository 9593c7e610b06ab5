import { REES46_FILES, rees46Lines, ServiceProcess } from '@platform/testing';
import { gzipSync } from 'node:zlib';
import { ProcessorRun } from './processor-run';

const ROWS_PER_OBJECT = 10_000;
const [HEADER = '', ...rows] = rees46Lines(REES46_FILES.november);
/** The 300k real rows of REES46's November head. */
export const ROWS = rows;

/** The 300k real rows as 30 gzip CSV objects. */
export const OBJECTS = Array.from({ length: Math.ceil(rows.length / ROWS_PER_OBJECT) }, (_, n) => ({
  key: `bronze/materialize/part-${String(n).padStart(2, '0')}.csv.gz`,
  body: gzipSync(`${[HEADER, ...rows.slice(n * ROWS_PER_OBJECT, (n + 1) * ROWS_PER_OBJECT)].join('\n')}\n`),
}));

export interface JobView {
  id: string;
  status: string;
  generation: number;
  objects: number;
  events: number;
  keysWritten: number;
}

export async function postMaterialize(processor: ServiceProcess, body: object = {}): Promise<JobView> {
  const answer = await fetch(`${processor.url}/jobs/materialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (answer.status !== 202) throw new Error(`POST /jobs/materialize answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as JobView;
}

export async function getJob(processor: ServiceProcess, id: string): Promise<JobView> {
  return (await (await fetch(`${processor.url}/jobs/${id}`)).json()) as JobView;
}

export const pointerOf = async (run: ProcessorRun) => run.redis.hgetall(`${run.namespace.redisKeyPrefix}generation`);
