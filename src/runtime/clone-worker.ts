import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  type Logger as TemporalLogger,
  Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import { createCloneActivities } from '../activities/index.js';
import type { Logger } from '../logger.js';
import type { CloneCopier } from '../rooms/clone-copier.js';
import { CLONE_SEARCH_ATTRIBUTES } from '../shared/search-attributes.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once, so several workers (and tests) can share the bundle. */
export async function bundleCloneWorkflows(logger?: TemporalLogger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...(logger ? { logger } : {}) });
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped polling and drained. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startCloneWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  copier: CloneCopier;
  logger: Logger;
  workflowBundle?: WorkflowBundle;
  /** Wraps the activities, so a test can observe or hold one. */
  wrapActivities?: (
    activities: ReturnType<typeof createCloneActivities>,
  ) => ReturnType<typeof createCloneActivities>;
  identity?: string;
  /** Rows each copy transaction writes; smaller commits heartbeat more often. */
  transactionBatch?: number;
}): Promise<RunningWorker> {
  const log = options.logger.child({ component: 'worker', taskQueue: options.taskQueue });
  // Bundling logs webpack's whole report at INFO; only its warnings are worth a line.
  const workflowBundle =
    options.workflowBundle ??
    (await bundleCloneWorkflows(
      new DefaultLogger('WARN', (entry) => log.warn(entry.meta ?? {}, entry.message)),
    ));
  const connection = await NativeConnection.connect({ address: options.address });
  const activities = createCloneActivities({
    copier: options.copier,
    transactionBatch: options.transactionBatch,
  });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.wrapActivities ? options.wrapActivities(activities) : activities,
    workflowBundle,
    // In-flight batches get a moment to commit and heartbeat before a shutdown cancels them.
    shutdownGraceTime: '5 seconds',
    ...(options.identity ? { identity: options.identity } : {}),
  });

  const finished = worker.run().finally(() => connection.close());
  finished.catch((error) => log.error({ err: error }, 'worker stopped with an error'));
  log.info('worker polling');

  return {
    worker,
    finished,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished.catch(() => undefined);
    },
  };
}

/**
 * Registers CloneRoom's search attributes on a cluster that lacks them (the dev server gets
 * them from its command line). Attributes already there are left as they are.
 */
export async function ensureSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = CLONE_SEARCH_ATTRIBUTES.filter(
      (key) => !(key.name in (existing.customAttributes ?? {})),
    );
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      // 2 is INDEXED_VALUE_TYPE_KEYWORD: every CloneRoom attribute is a keyword.
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, 2])),
    });
  } finally {
    await connection.close();
  }
}
