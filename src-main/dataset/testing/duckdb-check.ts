// Test helper: an independent reader (DuckDB) for what we wrote with hyparquet-writer.
import { DuckDBInstance } from '@duckdb/node-api';

export async function duckQuery(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}
