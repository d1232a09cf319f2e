/** `npm run api`: the HTTP API on its own, against TEMPORAL_ADDRESS and DATABASE_URL. */
import { ConfigError, loadConfig, requireProductionServices } from '../config.js';
import { createLogger } from '../logger.js';
import { startApi } from '../runtime/api-server.js';
import { loadStartupData, openRoomServices } from '../runtime/room-services.js';
import { onShutdownSignal } from '../runtime/shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig();
  requireProductionServices(config, 'API');
  const logger = createLogger(config.logLevel, 'room-clone-api');

  const services = await openRoomServices(config, logger);
  await loadStartupData(services, config, logger, false);
  const api = await startApi({
    config,
    services,
    temporalAddress: config.temporalAddress as string,
    logger,
    devSignIn: false,
  });
  logger.info({ apiUrl: api.url }, 'API listening');
  onShutdownSignal(logger, async () => {
    await api.close();
    await services.close();
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack}\n`);
  process.exit(1);
});
