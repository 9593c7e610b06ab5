import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows with multi-row `INSERT ... VALUES (...), (...)` statements of `chunkRows` rows,
 * binding every value (converted as TypeORM persists it: dates differ by driver).
 * Written by hand because TypeORM's InsertQueryBuilder spends ~0.1 ms per row building named
 * parameters, which alone makes 10,000 metric points take about a second.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: E[],
  chunkRows: number,
  options: { ignoreDuplicates?: boolean } = {},
): Promise<void> {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const postgres = manager.connection.options.type === 'postgres';
  const columnList = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  // Rows whose primary or unique key is already stored are skipped, not errors (idempotent writes).
  const verb = options.ignoreDuplicates && !postgres ? 'INSERT OR IGNORE' : 'INSERT';
  const tail = options.ignoreDuplicates && postgres ? ' ON CONFLICT DO NOTHING' : '';
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const parameters: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
        return postgres ? `$${parameters.length}` : '?';
      });
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `${verb} INTO ${driver.escape(metadata.tableName)} (${columnList}) VALUES ${tuples.join(', ')}${tail}`,
      parameters,
    );
  }
}
