import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { buildApp } from '../src/api/app.js';
import { signToken } from '../src/api/auth.js';
import { CloneGateway } from '../src/api/clone-gateway.js';
import { loadConfig } from '../src/config.js';
import { createLogger, type Logger } from '../src/logger.js';
import { type RunningWorker, startCloneWorker } from '../src/runtime/clone-worker.js';
import { type DevServer, freePort, startDevServer } from '../src/runtime/dev-server.js';
import { openRoomServices, type RoomServices } from '../src/runtime/room-services.js';
import { installTemporalLogging } from '../src/runtime/temporal-logging.js';
import { CLONE_SEARCH_ATTRIBUTES } from '../src/shared/search-attributes.js';
import { DEFAULT_CLONE_TASK_QUEUE } from '../src/shared/task-queue.js';
import { createNaiveActivities } from './naive/activities.js';
import { NAIVE_TASK_QUEUE } from './naive/contract.js';
import type { BenchProfile } from './profile.js';

const NAIVE_WORKFLOWS_PATH = fileURLToPath(new URL('./naive/workflows.ts', import.meta.url));

/** A task queue no worker polls: clones started on it wait, so they load nothing but the API. */
export const PARKED_TASK_QUEUE = 'bench-parked-clones';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface BenchEnvironment {
  devServer: DevServer;
  services: RoomServices;
  dataDir: string;
  blobsDir: string;
  client: Client;
  worker: RunningWorker;
  api: ApiServer;
  logger: Logger;
  token(userId: string): Promise<string>;
  /** Another API on the same store whose clones go to a queue nobody polls. */
  startParkedApi(): Promise<ApiServer>;
  stop(): Promise<void>;
}

/**
 * The embedded default, as `npm start` runs it, for the bench's own use: a Temporal dev server
 * in memory, PGlite under a temporary DATA_DIR, the real CloneRoom worker and the real API on a
 * port of its own; beside them, the naive baseline's worker on its own task queue.
 */
export async function startBenchEnvironment(profile: BenchProfile): Promise<BenchEnvironment> {
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'error', 'bench');
  installTemporalLogging(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const devServer = await startDevServer({
      port: profile.ports.temporal || (await freePort()),
      uiPort: null,
      dbFile: null,
      namespace: 'default',
      searchAttributes: CLONE_SEARCH_ATTRIBUTES,
      logger,
    });
    stops.push(() => devServer.stop());

    const dataDir = await mkdtemp(path.join(tmpdir(), 'room-clone-bench-'));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const services = await openRoomServices(config, logger);
    stops.push(() => services.close());

    const worker = await startCloneWorker({
      address: devServer.address,
      namespace: devServer.namespace,
      taskQueue: DEFAULT_CLONE_TASK_QUEUE,
      copier: services.copier,
      logger,
      transactionBatch: config.transactionBatch,
    });
    stops.push(() => worker.shutdown());

    const naiveConnection = await NativeConnection.connect({ address: devServer.address });
    const naiveWorker = await Worker.create({
      connection: naiveConnection,
      namespace: devServer.namespace,
      taskQueue: NAIVE_TASK_QUEUE,
      workflowsPath: NAIVE_WORKFLOWS_PATH,
      activities: createNaiveActivities({ db: services.db, copier: services.copier }),
    });
    const naiveRun = naiveWorker.run().finally(() => naiveConnection.close());
    stops.push(async () => {
      if (naiveWorker.getState() === 'RUNNING') naiveWorker.shutdown();
      await naiveRun.catch(() => undefined);
    });

    const connection = await Connection.connect({ address: devServer.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: devServer.namespace });
    const jwtSecret = randomBytes(32);

    const serveApi = async (taskQueue: string, port: number): Promise<ApiServer> => {
      const app = await buildApp({
        store: services.store,
        blobs: services.blobs,
        clones: new CloneGateway(client, taskQueue, config.activityMaxAttempts),
        jwtSecret,
        logger,
        readiness: { database: () => services.store.ping() },
      });
      const url = await app.listen({ port, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    };
    const api = await serveApi(DEFAULT_CLONE_TASK_QUEUE, profile.ports.api);
    stops.push(() => api.close());

    return {
      devServer,
      services,
      dataDir,
      blobsDir: services.blobs.root,
      client,
      worker,
      api,
      logger,
      token: (userId) => signToken(jwtSecret, userId),
      async startParkedApi() {
        const parked = await serveApi(
          PARKED_TASK_QUEUE,
          profile.ports.api ? profile.ports.api + 1 : 0,
        );
        stops.push(() => parked.close());
        return parked;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
