import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canEditRoom } from '../../rooms/model.js';
import type { RoomStore } from '../../rooms/room-store.js';
import { initialCloneMetadata } from '../../shared/metadata.js';
import type { CloneGateway } from '../clone-gateway.js';
import { conflict, forbidden } from '../problem.js';
import { requireRoomRole } from '../room-access.js';
import {
  cloneMetadataBodySchema,
  cloneParamsSchema,
  cloneSchema,
  pageOf,
  problemResponses,
  roomParamsSchema,
  startCloneBodySchema,
} from '../schemas.js';

export const cloneRoutes: FastifyPluginAsyncZod<{
  store: RoomStore;
  clones: CloneGateway;
}> = async (app, { store, clones }) => {
  app.post(
    '/rooms/:roomId/clones',
    {
      schema: {
        tags: ['clones'],
        summary: 'Clone a room into a new room the caller owns',
        params: roomParamsSchema,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: startCloneBodySchema.optional(),
        response: { 202: cloneSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      const role = await requireRoomRole(store, roomId, request.userId);
      if (!canEditRoom(role)) {
        throw forbidden('only the owner or a co-editor of a room may clone it');
      }
      const source = await store.requireRoom(roomId);
      if (!source.cncEnabled) {
        throw conflict('cnc-disabled', 'chat and collaboration is not enabled for this room');
      }

      const body = request.body ?? {};
      const clone = await clones.start({
        sourceRoomId: roomId,
        initiatorId: request.userId,
        metadata: initialCloneMetadata(source, body),
        components: {
          assets: body.components?.assets ?? true,
          storyboard: body.components?.storyboard ?? true,
          interactions: body.components?.interactions ?? true,
        },
        idempotencyKey: request.headers['idempotency-key'],
        requestBody: request.body ?? {},
      });
      request.log.info({ cloneId: clone.id, roomId, userId: request.userId }, 'clone requested');
      reply.status(202).header('location', `/api/clones/${clone.id}`);
      return clone;
    },
  );

  app.get(
    '/clones/:cloneId',
    {
      schema: {
        tags: ['clones'],
        params: cloneParamsSchema,
        response: { 200: cloneSchema, ...problemResponses },
      },
    },
    async (request) => clones.get(request.params.cloneId, request.userId),
  );

  app.patch(
    '/clones/:cloneId/metadata',
    {
      schema: {
        tags: ['clones'],
        summary: "Edit the new room's name, description or tags while the clone runs",
        params: cloneParamsSchema,
        body: cloneMetadataBodySchema,
        response: { 200: cloneSchema, ...problemResponses },
      },
    },
    async (request) => clones.updateMetadata(request.params.cloneId, request.userId, request.body),
  );

  app.post(
    '/clones/:cloneId/cancel',
    {
      schema: {
        tags: ['clones'],
        summary: 'Cancel a running clone; its partial room is removed',
        params: cloneParamsSchema,
        response: { 202: cloneSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const clone = await clones.cancel(request.params.cloneId, request.userId);
      request.log.info({ cloneId: clone.id, userId: request.userId }, 'clone cancel requested');
      reply.status(202);
      return clone;
    },
  );

  app.get(
    '/clones',
    {
      schema: {
        tags: ['clones'],
        summary: "The caller's clones, newest first",
        querystring: z.strictObject({
          sourceRoomId: z
            .string()
            .regex(/^[\w:.-]+$/, 'must be a room id')
            .optional(),
          status: z.enum(['running', 'completed', 'failed', 'cancelled']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.string().max(2000).optional(),
        }),
        response: { 200: pageOf(cloneSchema), ...problemResponses },
      },
    },
    async (request) => clones.list(request.userId, request.query),
  );

  app.get(
    '/clones/:cloneId/events',
    {
      sse: { kind: 'only', heartbeat: true },
      schema: {
        tags: ['clones'],
        summary: 'A text/event-stream of clone snapshots, one on every change, until it ends',
        params: cloneParamsSchema,
        response: {
          200: {
            description: 'Each event is `data: <clone JSON>`; the stream ends after the last',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      // Asked before the stream opens, so an unknown clone is a plain 404, not an empty stream.
      await clones.get(request.params.cloneId, request.userId);

      const aborted = new AbortController();
      reply.sse.onClose(() => aborted.abort());
      for await (const clone of clones.watch(
        request.params.cloneId,
        request.userId,
        aborted.signal,
      )) {
        await reply.sse.send({ data: clone });
      }
      reply.sse.close();
    },
  );
};
