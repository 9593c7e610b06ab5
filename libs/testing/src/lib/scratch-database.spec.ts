import { Client } from 'pg';
import { createScratchDatabase } from './scratch-database';

describe('createScratchDatabase (real PostgreSQL)', () => {
  it('creates a database of its own that accepts connections, and drops it', async () => {
    const database = await createScratchDatabase('testing-lib');
    expect(database.name).toMatch(/^testing_lib_[0-9a-f]{8}$/);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.end();
    expect(rows[0]?.name).toBe(database.name);

    await database.drop();
    const again = new Client({ connectionString: database.url });
    await expect(again.connect()).rejects.toThrow(`database "${database.name}" does not exist`);
  });
});
