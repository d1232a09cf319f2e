import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../api/app.js';
import { resolveJwtSecret } from '../api/auth.js';
import { CloneGateway } from '../api/clone-gateway.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { RoomServices } from './room-services.js';
import { builtWebRoot } from './web-build.js';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Connects a Temporal client and serves the API on the configured host and port. */
export async function startApi(options: {
  config: Config;
  services: RoomServices;
  temporalAddress: string;
  logger: Logger;
  /** Serve the user picker's routes (DEV_SIGN_IN, resolved by the caller). */
  devSignIn: boolean;
}): Promise<RunningApi> {
  const { config, services, logger } = options;
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });

  const app = await buildApp({
    store: services.store,
    blobs: services.blobs,
    clones: new CloneGateway(client, config.taskQueue, config.activityMaxAttempts),
    jwtSecret: await resolveJwtSecret(config),
    uploadMaxBytes: config.uploadMaxBytes,
    logger,
    webRoot: await builtWebRoot(logger),
    devSignIn: options.devSignIn,
    readiness: {
      database: () => services.store.ping(),
      temporal: async () => {
        await connection.withDeadline(Date.now() + 2000, () =>
          connection.workflowService.describeNamespace({ namespace: config.temporalNamespace }),
        );
      },
    },
  });
  const url = await app.listen({ port: config.port, host: config.host });

  return {
    url,
    async close() {
      await app.close();
      await connection.close();
    },
  };
}
