import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string, name = 'room-clone'): Logger {
  return pino({ name, level });
}
