import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RoomStore } from '../../rooms/room-store.js';
import { notFound } from '../problem.js';
import { requireEditableRoom, requireRoomRole } from '../room-access.js';
import {
  interactionCreateBodySchema,
  interactionSchema,
  noContent,
  pageOf,
  pageQuerySchema,
  problems,
  roomInteractionParamsSchema,
  roomParamsSchema,
} from '../schemas.js';

export const interactionRoutes: FastifyPluginAsyncZod<{ store: RoomStore }> = async (
  app,
  { store },
) => {
  app.get(
    '/rooms/:roomId/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary: "The room's interactions that are not deleted, newest first",
        params: roomParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(interactionSchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.listInteractions(request.params.roomId, request.query);
    },
  );

  app.post(
    '/rooms/:roomId/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Create an interaction (owner or co-editor); content is checked for its type',
        params: roomParamsSchema,
        body: interactionCreateBodySchema,
        response: { 201: interactionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      await requireEditableRoom(store, roomId, request.userId, 'add interactions');
      const interaction = await store.createInteraction(roomId, request.body);
      reply.status(201);
      return interaction;
    },
  );

  app.delete(
    '/rooms/:roomId/interactions/:interactionId',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Delete an interaction (owner or co-editor); its responses are kept apart',
        params: roomInteractionParamsSchema,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { roomId, interactionId } = request.params;
      await requireEditableRoom(store, roomId, request.userId, 'delete its interactions');
      if (!(await store.softDeleteInteraction(roomId, interactionId))) {
        throw notFound(`interaction ${interactionId}`);
      }
      return reply.status(204).send(null);
    },
  );
};
