import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CLONE_TASK_QUEUE } from './shared/task-queue.js';

/** 2 GiB: a long lecture recording, with room to spare. */
export const DEFAULT_UPLOAD_MAX_BYTES = 2 * 1024 ** 3;

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be 0 to 65535')
  .max(65535, 'must be 0 to 65535');

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const environmentSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  TEMPORAL_ADDRESS: optionalText.pipe(
    z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'must be host:port')
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_CLONE_TASK_QUEUE),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalText,
  AUTH_JWT_SECRET: optionalText.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  IMPORT_FIXTURE: optionalText.refine(
    (file) => file === undefined || existsSync(path.resolve(file)),
    { message: 'no such file (a relative path is taken from the folder npm start runs in)' },
  ),
  SEED_DEMO: flag.optional(),
  DEV_SIGN_IN: flag.optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  CLONE_ACTIVITY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  UPLOAD_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(1, 'must be at least 1')
    .max(Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_UPLOAD_MAX_BYTES),
  // A slice is at least 1,000 rows, so 2,500 copies a typical slice in one transaction; on the
  // embedded store larger batches cost less per row (BENCHMARKS.md: reading the bench's 20,000
  // interactions took about 330 ms in 500-row batches and 200 ms in 2,500-row ones).
  CLONE_TRANSACTION_BATCH: z.coerce.number().int().min(1).max(10_000).default(2500),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  temporalDevPort: number;
  temporalUiPort: number;
  temporalCliPath: string | undefined;
  jwtSecret: string | undefined;
  importFixture: string | undefined;
  /** Unset: `npm start` seeds its demo course into an empty store, the production API does not. */
  seedDemo: boolean | undefined;
  /**
   * The web UI's user picker, with which anyone may sign in as any user of the store. Unset: on
   * for `npm start`, off everywhere else; the production API refuses to start with it on.
   */
  devSignIn: boolean | undefined;
  logLevel: string;
  activityMaxAttempts: number;
  uploadMaxBytes: number;
  transactionBatch: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment once; every bad value is named in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
    );
    throw new ConfigError(problems);
  }

  const values = parsed.data;
  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    temporalAddress: values.TEMPORAL_ADDRESS,
    temporalNamespace: values.TEMPORAL_NAMESPACE,
    taskQueue: values.TEMPORAL_TASK_QUEUE,
    temporalDevPort: values.TEMPORAL_DEV_PORT,
    temporalUiPort: values.TEMPORAL_UI_PORT,
    temporalCliPath: values.TEMPORAL_CLI_PATH,
    jwtSecret: values.AUTH_JWT_SECRET,
    importFixture: values.IMPORT_FIXTURE ? path.resolve(values.IMPORT_FIXTURE) : undefined,
    seedDemo: values.SEED_DEMO,
    devSignIn: values.DEV_SIGN_IN,
    logLevel: values.LOG_LEVEL,
    activityMaxAttempts: values.CLONE_ACTIVITY_MAX_ATTEMPTS,
    uploadMaxBytes: values.UPLOAD_MAX_BYTES,
    transactionBatch: values.CLONE_TRANSACTION_BATCH,
  });
}

/** The production processes share no memory, so they need a real server for each dependency. */
export function requireProductionServices(config: Config, processName: string): void {
  const problems: string[] = [];
  if (!config.databaseUrl) problems.push(`DATABASE_URL is required to run the ${processName}`);
  if (!config.temporalAddress) {
    problems.push(`TEMPORAL_ADDRESS is required to run the ${processName}`);
  }
  // Identity comes from the LMS in production; the picker would let anyone act as anyone.
  if (config.devSignIn) problems.push(`DEV_SIGN_IN must not be on in the ${processName}`);
  if (problems.length > 0) throw new ConfigError(problems);
}
