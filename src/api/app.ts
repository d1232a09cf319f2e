import multipart from '@fastify/multipart';
import { fastifySSE } from '@fastify/sse';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import Fastify, { LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../config.js';
import type { Logger } from '../logger.js';
import { type BlobStore, BlobTooLargeError } from '../rooms/blob-store.js';
import { InvalidCursorError } from '../rooms/pagination.js';
import { RoomNotFoundError, type RoomStore } from '../rooms/room-store.js';
import { createAuthenticator } from './auth.js';
import { assertStorableBody } from './body-guard.js';
import type { CloneGateway } from './clone-gateway.js';
import { openApiTransform } from './openapi.js';
import { badRequest, HttpProblem, notFound, tooLarge } from './problem.js';
import { assetRoutes } from './routes/assets.js';
import { cloneRoutes } from './routes/clones.js';
import { courseRoutes } from './routes/courses.js';
import { devSignInRoutes } from './routes/dev-sign-in.js';
import { healthRoutes } from './routes/health.js';
import { interactionRoutes } from './routes/interactions.js';
import { notificationRoutes } from './routes/notifications.js';
import { roomRoutes } from './routes/rooms.js';
import { storyboardRoutes } from './routes/storyboard.js';
import { webUiRoutes } from './web-ui.js';

export interface AppDependencies {
  store: RoomStore;
  blobs: BlobStore;
  clones: CloneGateway;
  jwtSecret: Uint8Array;
  /** The largest upload accepted, in bytes; 2 GiB unless set. */
  uploadMaxBytes?: number;
  logger: Logger;
  /** Each dependency the service needs, checked by /readyz. */
  readiness: Record<string, () => Promise<void>>;
  /** The folder of the built web UI, served at `/`; without it the server is API only. */
  webRoot?: string | undefined;
  /** Adds the user picker's routes under /auth/dev (DEV_SIGN_IN). */
  devSignIn?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

/** The HTTP API as a Fastify instance, not yet listening; the caller owns its lifecycle. */
export async function buildApp(deps: AppDependencies) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }),
    // One line a request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('userId', '');

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Room clone service',
        version: '1',
        description: 'Clone live meeting rooms: media, storyboard, interactions and settings.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    },
    transform: openApiTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(fastifySSE);

  const uploadMaxBytes = deps.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
  // Parts are streamed by the upload route itself; these limits only bound what it must read.
  await app.register(multipart, {
    limits: { fileSize: uploadMaxBytes, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 10 },
  });

  app.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        userId: request.userId || undefined,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
    done();
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = notFound(`${request.method} ${request.url}`);
    reply.status(404).type('application/problem+json').send(problem.toBody());
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    if (problem.status === 503) reply.header('retry-after', '5');
    reply.status(problem.status).type('application/problem+json').send(problem.toBody());
  });

  await app.register(healthRoutes, { readiness: deps.readiness });
  if (deps.devSignIn) {
    await app.register(devSignInRoutes, { store: deps.store, jwtSecret: deps.jwtSecret });
  }
  if (deps.webRoot) await app.register(webUiRoutes, { root: deps.webRoot });

  const authenticateRequest = createAuthenticator(deps.jwtSecret);
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.userId = await authenticateRequest(request.headers.authorization);
      });
      api.addHook('preValidation', async (request) => {
        if (request.body !== undefined && request.isMultipart?.() !== true) {
          assertStorableBody(request.body);
        }
      });
      await api.register(roomRoutes, { store: deps.store });
      await api.register(assetRoutes, { store: deps.store, blobs: deps.blobs, uploadMaxBytes });
      await api.register(storyboardRoutes, { store: deps.store });
      await api.register(interactionRoutes, { store: deps.store });
      await api.register(cloneRoutes, { store: deps.store, clones: deps.clones });
      await api.register(notificationRoutes, { store: deps.store });
      await api.register(courseRoutes, { store: deps.store });
    },
    { prefix: '/api' },
  );

  return app;
}

// Fastify's and the multipart parser's own refusals, named by status.
const CLIENT_ERRORS: Record<number, [string, string]> = {
  406: ['not-acceptable', 'Not acceptable'],
  413: ['content-too-large', 'Content too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
};

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = String(error.validationContext ?? 'body');
    const errors = error.validation.map((issue) => {
      const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const unknownKeys = (issue.params as { keys?: string[] }).keys;
      const field = unknownKeys?.length
        ? unknownKeys.map((key) => (base ? `${base}.${key}` : key)).join(', ')
        : base || context;
      return { field, message: issue.message ?? 'is invalid' };
    });
    return badRequest(
      `the ${context} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
  if (error instanceof InvalidCursorError)
    return badRequest(error.message, [{ field: 'cursor', message: error.message }]);
  if (error instanceof RoomNotFoundError) return notFound(`room ${error.roomId}`);
  if (error instanceof BlobTooLargeError) return tooLarge(error.limit);

  if (error instanceof ServiceError || isGrpcServiceError(error)) {
    // Temporal is unreachable or overloaded: the request may succeed if sent again.
    return new HttpProblem(
      503,
      'orchestration-unavailable',
      'Service unavailable',
      'the clone service cannot reach its workflow engine right now; try again shortly',
    );
  }

  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = error instanceof Error ? error.message : 'the request was refused';
    const [slug, title] = CLIENT_ERRORS[status] ?? ['bad-request', 'Bad request'];
    return new HttpProblem(status, slug, title, message);
  }
  return new HttpProblem(
    500,
    'internal',
    'Internal server error',
    'something went wrong on our side',
  );
}
