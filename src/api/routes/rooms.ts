import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BlobStore } from '../../rooms/blob-store.js';
import type { RoomRole } from '../../rooms/model.js';
import type { RoomStore } from '../../rooms/room-store.js';
import { notFound } from '../problem.js';
import {
  assetParamsSchema,
  assetSchema,
  interactionSchema,
  pageOf,
  pageQuerySchema,
  problemResponses,
  roomParamsSchema,
  roomSchema,
  storyboardSchema,
} from '../schemas.js';

/** The caller's standing in a room; a room they may not see is answered as absent. */
export async function requireRoomRole(
  store: RoomStore,
  roomId: string,
  userId: string,
): Promise<RoomRole> {
  const role = await store.roomRole(roomId, userId);
  if (!role) throw notFound(`room ${roomId}`);
  return role;
}

export const roomRoutes: FastifyPluginAsyncZod<{ store: RoomStore; blobs: BlobStore }> = async (
  app,
  { store, blobs },
) => {
  app.get(
    '/rooms',
    {
      schema: {
        tags: ['rooms'],
        summary: "Rooms the caller owns or co-edits; with courseId, that course's listing",
        querystring: pageQuerySchema.extend({ courseId: z.string().min(1).optional() }),
        response: { 200: pageOf(roomSchema), ...problemResponses },
      },
    },
    async (request) => {
      const { courseId, ...page } = request.query;
      if (!courseId) return store.listRoomsOfUser(request.userId, page);
      if (!(await store.isCourseMember(courseId, request.userId))) {
        throw notFound(`course ${courseId}`);
      }
      return store.listCourseRooms(courseId, page);
    },
  );

  app.get(
    '/rooms/:roomId',
    {
      schema: {
        tags: ['rooms'],
        params: roomParamsSchema,
        response: { 200: roomSchema, ...problemResponses },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.requireRoom(request.params.roomId);
    },
  );

  app.get(
    '/rooms/:roomId/assets',
    {
      schema: {
        tags: ['assets'],
        params: roomParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(assetSchema), ...problemResponses },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.listAssets(request.params.roomId, request.query);
    },
  );

  app.get(
    '/assets/:assetId/content',
    {
      schema: {
        tags: ['assets'],
        summary: 'The asset bytes, with their content type and length',
        params: assetParamsSchema,
        response: {
          200: z.any().meta({ description: 'The asset bytes', format: 'binary' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const asset = await store.getAsset(request.params.assetId);
      if (!asset || !(await store.roomRole(asset.roomId, request.userId))) {
        throw notFound(`asset ${request.params.assetId}`);
      }
      reply
        .header('content-type', asset.contentType)
        .header('content-length', asset.size)
        .header('etag', `"${asset.sha256}"`);
      return reply.send(blobs.open(asset.sha256));
    },
  );

  app.get(
    '/rooms/:roomId/storyboard',
    {
      schema: {
        tags: ['storyboard'],
        params: roomParamsSchema,
        response: { 200: storyboardSchema, ...problemResponses },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.getStoryboard(request.params.roomId);
    },
  );

  app.get(
    '/rooms/:roomId/interactions',
    {
      schema: {
        tags: ['interactions'],
        params: roomParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(interactionSchema), ...problemResponses },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.listInteractions(request.params.roomId, request.query);
    },
  );
};
