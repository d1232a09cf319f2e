import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type RoomStore, StoryboardAssetError } from '../../rooms/room-store.js';
import { badRequest } from '../problem.js';
import { requireEditableRoom, requireRoomRole } from '../room-access.js';
import { problems, roomParamsSchema, storyboardBodySchema, storyboardSchema } from '../schemas.js';

export const storyboardRoutes: FastifyPluginAsyncZod<{ store: RoomStore }> = async (
  app,
  { store },
) => {
  app.get(
    '/rooms/:roomId/storyboard',
    {
      schema: {
        tags: ['storyboard'],
        summary: "The room's storyboard, in order",
        params: roomParamsSchema,
        response: { 200: storyboardSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.getStoryboard(request.params.roomId);
    },
  );

  app.put(
    '/rooms/:roomId/storyboard',
    {
      schema: {
        tags: ['storyboard'],
        summary: 'Replace the storyboard (owner or co-editor)',
        description: 'Every asset item must name an asset of this room that is not deleted.',
        params: roomParamsSchema,
        body: storyboardBodySchema,
        response: { 200: storyboardSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { roomId } = request.params;
      await requireEditableRoom(store, roomId, request.userId, 'edit its storyboard');
      try {
        return await store.replaceStoryboard(roomId, request.body.items);
      } catch (error) {
        if (!(error instanceof StoryboardAssetError)) throw error;
        const message = 'names no asset of this room that is not deleted';
        const errors = error.positions.map((position) => ({
          field: `items.${position}.assetId`,
          message,
        }));
        throw badRequest(
          `the body is invalid: ${errors.map((entry) => `${entry.field}: ${message}`).join('; ')}`,
          errors,
        );
      }
    },
  );
};
