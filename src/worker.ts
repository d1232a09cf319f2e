/** `npm run worker`: a CloneRoom worker on its own, against TEMPORAL_ADDRESS and DATABASE_URL. */
import { ConfigError, loadConfig, requireProductionServices } from './config.js';
import { createLogger } from './logger.js';
import { ensureSearchAttributes, startCloneWorker } from './runtime/clone-worker.js';
import { openRoomServices } from './runtime/room-services.js';
import { onShutdownSignal } from './runtime/shutdown.js';
import { installTemporalLogging } from './runtime/temporal-logging.js';

async function main(): Promise<void> {
  const config = loadConfig();
  requireProductionServices(config, 'worker');
  const logger = createLogger(config.logLevel, 'room-clone-worker');
  installTemporalLogging(logger);
  const address = config.temporalAddress as string;

  await ensureSearchAttributes(address, config.temporalNamespace);
  const services = await openRoomServices(config, logger);
  const worker = await startCloneWorker({
    address,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    copier: services.copier,
    logger,
    transactionBatch: config.transactionBatch,
  });
  onShutdownSignal(logger, async () => {
    await worker.shutdown();
    await services.close();
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack}\n`);
  process.exit(1);
});
