import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { bundleCloneWorkflows } from '../../src/runtime/clone-worker.js';
import { type DevServer, freePort, startDevServer } from '../../src/runtime/dev-server.js';
import { CLONE_SEARCH_ATTRIBUTES } from '../../src/shared/search-attributes.js';
import { testLogger } from './services.js';

export interface TestTemporal {
  server: DevServer;
  address: string;
  namespace: string;
  client: Client;
  connection: Connection;
  stop(): Promise<void>;
}

/** A real Temporal dev server for one test file: in memory, headless, on a free port. */
export async function startTestTemporal(): Promise<TestTemporal> {
  const server = await startDevServer({
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: 'default',
    searchAttributes: CLONE_SEARCH_ATTRIBUTES,
    logger: testLogger,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  return {
    server,
    address: server.address,
    namespace: server.namespace,
    client,
    connection,
    async stop() {
      await connection.close();
      await server.stop();
    },
  };
}

let bundle: Promise<WorkflowBundle> | null = null;

/** The workflow bundle, built once per test process. */
export function sharedWorkflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleCloneWorkflows(new DefaultLogger('WARN'));
  return bundle;
}
