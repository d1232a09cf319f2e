import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { BlobStore } from '../rooms/blob-store.js';
import { CloneCopier } from '../rooms/clone-copier.js';
import { type Database, openDatabase } from '../rooms/database.js';
import { seedDemoCourse } from '../rooms/demo-seed.js';
import { importFixture } from '../rooms/fixture-importer.js';
import { migrate } from '../rooms/migrations.js';
import { RoomStore } from '../rooms/room-store.js';

export interface RoomServices {
  db: Database;
  store: RoomStore;
  blobs: BlobStore;
  copier: CloneCopier;
  close(): Promise<void>;
}

/** Opens the store the configuration names, migrated and ready. */
export async function openRoomServices(config: Config, logger: Logger): Promise<RoomServices> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
  });
  const applied = await migrate(db);
  logger.info({ database: db.kind, migrations: applied }, 'rooms store ready');

  const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
  return {
    db,
    store: new RoomStore(db, blobs),
    blobs,
    copier: new CloneCopier(db, blobs),
    close: () => db.close(),
  };
}

/** Loads IMPORT_FIXTURE if set, then, on an empty store and if asked, the demo course. */
export async function loadStartupData(
  services: RoomServices,
  config: Config,
  logger: Logger,
  seedDemoByDefault: boolean,
): Promise<void> {
  if (config.importFixture) {
    const result = await importFixture(config.importFixture, services.store, services.blobs);
    logger.info(
      { fixture: config.importFixture, courseId: result.courseId, imported: result.imported },
      result.imported ? 'fixture imported' : 'fixture already imported',
    );
  }
  const seed = config.seedDemo ?? seedDemoByDefault;
  if (seed && (await seedDemoCourse(services.store, services.blobs))) {
    logger.info('demo course seeded');
  }
}
