import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRoomServices, type RoomServices } from '../../src/runtime/room-services.js';

export type StoreKind = 'pglite' | 'postgres';

/** The Postgres server these machines run; tests make a database of their own on it. */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test');

export interface TestServices extends RoomServices {
  dataDir: string;
  /** The Postgres database's URL; undefined on PGlite, which only this process can open. */
  databaseUrl: string | undefined;
}

async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `room_clone_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleaner = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.end();
    },
  };
}

/** A fresh, migrated store: PGlite in a temporary folder, or a new database on Postgres. */
export async function openTestServices(kind: StoreKind = 'pglite'): Promise<TestServices> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'room-clone-test-'));
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' });
  const services = await openRoomServices(config, testLogger);
  return {
    ...services,
    dataDir,
    databaseUrl: database?.url,
    async close() {
      await services.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
