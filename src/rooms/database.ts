import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Something SQL runs on: the database itself or one open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

/** PostgreSQL, embedded (PGlite) or a server: the same SQL runs on both. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  constructor(private readonly db: PGlite) {}

  async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.db.query<Row>(sql, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        async query<Row>(sql: string, params: unknown[] = []) {
          const result = await tx.query<Row>(sql, params);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

// Bigint counts and sizes fit a JS number for any realistic room; parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

class PostgresDatabase implements Database {
  readonly kind = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        async query<Row>(sql: string, params: unknown[] = []) {
          const answer = await client.query(sql, params);
          return { rows: answer.rows as Row[], rowCount: answer.rowCount ?? answer.rows.length };
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** PGlite in `dataDir` (in memory when omitted), or the server `databaseUrl` names. */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
    });
    const database = new PostgresDatabase(pool);
    await database.query('SELECT 1');
    return database;
  }

  const db = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  return new PgliteDatabase(db);
}
