/**
 * `npm start`: the whole product on one host. A Temporal dev server persisted under DATA_DIR
 * (unless TEMPORAL_ADDRESS names one), PGlite under DATA_DIR (unless DATABASE_URL names a
 * server), the worker and the API. Ctrl-C stops all of it.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApi } from './runtime/api-server.js';
import { startCloneWorker } from './runtime/clone-worker.js';
import { startDevServer } from './runtime/dev-server.js';
import { loadStartupData, openRoomServices } from './runtime/room-services.js';
import { onShutdownSignal } from './runtime/shutdown.js';
import { installTemporalLogging } from './runtime/temporal-logging.js';
import { CLONE_SEARCH_ATTRIBUTES } from './shared/search-attributes.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded default is a demo on one host: its UI offers a user picker unless told not to.
  const devSignIn = config.devSignIn ?? true;
  const logger = createLogger(config.logLevel);
  installTemporalLogging(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err) => logger.error({ err }, 'stop failed'));
  };
  onShutdownSignal(logger, stopAll);

  try {
    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const devServer = await startDevServer({
        port: config.temporalDevPort,
        uiPort: config.temporalUiPort,
        dbFile: path.join(config.dataDir, 'temporal', 'dev-server.sqlite'),
        namespace: config.temporalNamespace,
        searchAttributes: CLONE_SEARCH_ATTRIBUTES,
        logger,
        cliPath: config.temporalCliPath,
      });
      stops.push(() => devServer.stop());
      temporalAddress = devServer.address;
      temporalUiUrl = devServer.uiUrl;
    }

    const services = await openRoomServices(config, logger);
    stops.push(() => services.close());
    await loadStartupData(services, config, logger, true);

    const worker = await startCloneWorker({
      address: temporalAddress,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      copier: services.copier,
      logger,
      transactionBatch: config.transactionBatch,
    });
    stops.push(() => worker.shutdown());

    const api = await startApi({ config, services, temporalAddress, logger, devSignIn });
    stops.push(() => api.close());

    logger.info(
      {
        apiUrl: api.url,
        devSignIn: config.devSignIn,
        temporalUiUrl,
        temporalAddress,
        dataDir: config.dataDir,
      },
      `room clone service ready: web UI and API ${api.url}` +
        (temporalUiUrl ? `, Temporal Web UI ${temporalUiUrl}` : ''),
    );
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await stopAll();
    process.exit(1);
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
