import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../logger.js';
import { ensureTemporalCli } from './temporal-cli.js';

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  /** The Web UI's port; null runs the server headless. */
  uiPort: number | null;
  /** SQLite file for persistent state; null keeps everything in memory. */
  dbFile: string | null;
  namespace: string;
  searchAttributes: { name: string; type: string }[];
  logger: Logger;
  cliPath?: string | undefined;
  startupTimeoutMs?: number;
}

const SEARCH_ATTRIBUTE_TYPE: Record<string, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** A free TCP port on the loopback interface, for tests and side-by-side instances. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `temporal server start-dev` as a child process and waits until its frontend answers.
 * The SDK's own launcher gives a server only 5 s, too little on a busy two-core machine.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = await ensureTemporalCli(options.cliPath);
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-format',
    'json',
    '--log-level',
    'warn',
  ];
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const key of options.searchAttributes) {
    args.push('--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPE[key.type] ?? 'Keyword'}`);
  }

  const log = options.logger.child({ component: 'temporal-dev-server', address });
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: { code: number | null; signal: string | null } | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  forwardOutput(child, log);

  try {
    await waitUntilServing(
      address,
      options.namespace,
      options.startupTimeoutMs ?? 60_000,
      () => exited,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  log.info('temporal dev server ready');

  return {
    address,
    namespace: options.namespace,
    uiUrl: options.uiPort === null ? null : `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function forwardOutput(child: ChildProcess, log: Logger): void {
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        // The dev server warns freely (polls cut by its own shutdown, say); only its errors
        // are worth an operator's attention at the default level.
        const level = entry.level?.toLowerCase() === 'error' ? 'warn' : 'debug';
        log[level]({ server: entry }, entry.msg ?? 'temporal server log');
      } catch {
        log.debug({ line }, 'temporal server output');
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
}

async function waitUntilServing(
  address: string,
  namespace: string,
  timeoutMs: number,
  exited: () => { code: number | null; signal: string | null } | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    const status = exited();
    if (status) {
      throw new Error(
        `temporal dev server exited during start-up (code ${status.code}, signal ${status.signal})`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`temporal dev server at ${address} did not answer within ${timeoutMs} ms`, {
    cause: lastError,
  });
}
