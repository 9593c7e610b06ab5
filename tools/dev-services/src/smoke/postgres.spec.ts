import { Client } from 'pg';
import { readServicesEnv } from '@platform/testing';
import { reachable } from './reachable';

describe('PostgreSQL (tools/dev-services)', () => {
  const { DATABASE_URL } = readServicesEnv();
  const address = DATABASE_URL.replace(/:[^:@/]*@/, ':***@');
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    await reachable('PostgreSQL', address, () => client.connect());
  });

  afterAll(async () => {
    await client?.end().catch(() => undefined);
  });

  it('runs a query as the app role', async () => {
    const { rows } = await client.query<{ one: number; who: string }>('SELECT 1 AS one, current_user AS who');
    expect(rows).toEqual([{ one: 1, who: new URL(DATABASE_URL).username }]);
  });

  it('may create (and drop) a scratch database', async () => {
    const name = `smoke_${process.pid}_${Date.now()}`;
    await client.query(`CREATE DATABASE ${name}`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await client.query(`DROP DATABASE ${name}`);
    expect(rowCount).toBe(1);
  });
});
