import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../../src/api/app.js';
import { signToken } from '../../src/api/auth.js';
import { CloneGateway } from '../../src/api/clone-gateway.js';
import { importFixture } from '../../src/rooms/fixture-importer.js';
import { type RunningWorker, startCloneWorker } from '../../src/runtime/clone-worker.js';
import { installTemporalLogging } from '../../src/runtime/temporal-logging.js';
import { DEFAULT_CLONE_TASK_QUEUE } from '../../src/shared/task-queue.js';
import { SAMPLE_FIXTURE } from './paths.js';
import { openTestServices, type StoreKind, type TestServices, testLogger } from './services.js';
import { sharedWorkflowBundle, startTestTemporal, type TestTemporal } from './temporal.js';

const JWT_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret!');

export interface ApiAnswer<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface TestStack {
  temporal: TestTemporal;
  services: TestServices;
  worker: RunningWorker;
  baseUrl: string;
  taskQueue: string;
  token(userId: string, expiresIn?: string | number): Promise<string>;
  /** One real HTTP request to the API, as `user` (no token when user is null). */
  call<Body = any>(
    method: string,
    path: string,
    options?: { user?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiAnswer<Body>>;
  /** A raw fetch against the API as `user` (no token when null), for multipart and bytes. */
  fetch(path: string, init?: RequestInit & { user?: string | null }): Promise<Response>;
  /** Finds a room of the sample course by its name, as its owner sees it. */
  roomIdByName(name: string, user?: string): Promise<string>;
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

type WrapActivities = Parameters<typeof startCloneWorker>[0]['wrapActivities'];

/**
 * The whole product for a test file: a real dev server, a real store, a worker and the API
 * listening on a free port; with `fixture`, the sample course imported.
 */
export async function startTestStack(
  options: {
    store?: StoreKind;
    fixture?: boolean;
    wrapActivities?: WrapActivities;
    taskQueue?: string;
    maxAttempts?: number;
    /** Serve this built web UI at `/`, as the API server does. */
    webRoot?: string;
    /** Turn on the user picker's routes (DEV_SIGN_IN). */
    devSignIn?: boolean;
    uploadMaxBytes?: number;
  } = {},
): Promise<TestStack> {
  // Before any worker: the SDK's runtime is a process-wide singleton that takes its logger once.
  installTemporalLogging(testLogger);
  const temporal = await startTestTemporal();
  const services = await openTestServices(options.store ?? 'pglite');
  if (options.fixture ?? true) await importFixture(SAMPLE_FIXTURE, services.store, services.blobs);

  const taskQueue = options.taskQueue ?? DEFAULT_CLONE_TASK_QUEUE;
  const workflowBundle = await sharedWorkflowBundle();
  const launchWorker = () =>
    startCloneWorker({
      address: temporal.address,
      namespace: temporal.namespace,
      taskQueue,
      copier: services.copier,
      logger: testLogger,
      workflowBundle,
      wrapActivities: options.wrapActivities,
    });
  let worker = await launchWorker();

  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const app = await buildApp({
    store: services.store,
    blobs: services.blobs,
    clones: new CloneGateway(client, taskQueue, options.maxAttempts ?? 10),
    jwtSecret: JWT_SECRET,
    uploadMaxBytes: options.uploadMaxBytes,
    logger: testLogger,
    webRoot: options.webRoot,
    devSignIn: options.devSignIn ?? false,
    readiness: {
      database: () => services.store.ping(),
      temporal: async () => {
        await connection.withDeadline(Date.now() + 2000, () =>
          connection.workflowService.describeNamespace({ namespace: temporal.namespace }),
        );
      },
    },
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  const stack: TestStack = {
    temporal,
    services,
    get worker() {
      return worker;
    },
    baseUrl,
    taskQueue,
    token: (userId, expiresIn) => signToken(JWT_SECRET, userId, expiresIn),
    async call(method, path, { user = null, body, headers = {} } = {}) {
      const requestHeaders: Record<string, string> = { ...headers };
      if (user) requestHeaders.authorization = `Bearer ${await signToken(JWT_SECRET, user)}`;
      if (body !== undefined) requestHeaders['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: requestHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        body: type.includes('json') && text ? JSON.parse(text) : text,
      };
    },
    async fetch(path, { user = null, headers, ...init } = {}) {
      const requestHeaders = new Headers(headers);
      if (user) requestHeaders.set('authorization', `Bearer ${await signToken(JWT_SECRET, user)}`);
      return fetch(`${baseUrl}${path}`, { ...init, headers: requestHeaders });
    },
    async roomIdByName(name, user = 'u-amoreno') {
      const answer = await stack.call('GET', '/api/rooms?courseId=canvas-course-48213', { user });
      const room = answer.body.items?.find((item: { name: string }) => item.name === name);
      if (!room) throw new Error(`no room named ${name} in the sample course`);
      return room.id;
    },
    async restartWorker() {
      await worker.shutdown();
      worker = await launchWorker();
    },
    async stop() {
      await app.close();
      await worker.shutdown();
      await connection.close();
      await services.close();
      await temporal.stop();
    },
  };
  return stack;
}
