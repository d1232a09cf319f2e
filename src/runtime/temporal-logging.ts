import { DefaultLogger, type LogLevel, type LogMetadata, Runtime } from '@temporalio/worker';
import type { Logger } from '../logger.js';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let runtimeInstalled = false;

/**
 * Routes the Temporal SDK's own logs, workflow and activity `log` calls included, into pino, so
 * a process writes one JSON stream. The runtime is a process-wide singleton: the first call wins.
 */
export function installTemporalLogging(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;

  const temporalLogger = logger.child({ component: 'temporal' });
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const meta: LogMetadata = entry.meta ?? {};
      temporalLogger[PINO_LEVEL[entry.level]](meta, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
    },
  });
}
