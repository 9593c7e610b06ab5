import { ValueTransformer } from 'typeorm';

/**
 * JSON kept in a `text` column: the same DDL on PostgreSQL and SQLite, and nothing here needs
 * to query inside the document (searchable values, such as latest metrics, have their own table).
 */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : JSON.parse(value)),
};
