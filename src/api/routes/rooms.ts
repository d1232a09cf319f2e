import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoomStore } from '../../rooms/room-store.js';
import { badRequest, HttpProblem, notFound } from '../problem.js';
import { requireEditableRoom, requireOwnedRoom, requireRoomRole } from '../room-access.js';
import {
  coEditorsBodySchema,
  noContent,
  pageOf,
  pageQuerySchema,
  problems,
  roomCreateBodySchema,
  roomParamsSchema,
  roomPatchBodySchema,
  roomSchema,
} from '../schemas.js';

export const roomRoutes: FastifyPluginAsyncZod<{ store: RoomStore }> = async (app, { store }) => {
  app.get(
    '/rooms',
    {
      schema: {
        tags: ['rooms'],
        summary: "Rooms the caller owns or co-edits; with courseId, that course's listing",
        querystring: pageQuerySchema.extend({ courseId: z.string().min(1).optional() }),
        response: { 200: pageOf(roomSchema), ...problems(400, 401, 404) },
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

  app.post(
    '/rooms',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Create a ready room owned by the caller, listed in lmsCourseId if given',
        body: roomCreateBodySchema,
        response: { 201: roomSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { lmsCourseId, ...room } = request.body;
      if (lmsCourseId && !(await store.isCourseMember(lmsCourseId, request.userId))) {
        const message = 'you are not a member of this course';
        throw new HttpProblem(403, 'forbidden', 'Forbidden', `lmsCourseId: ${message}`, {
          errors: [{ field: 'lmsCourseId', message }],
        });
      }
      const created = await store.createRoom({
        ...room,
        ownerId: request.userId,
        lmsCourseId: lmsCourseId ?? null,
      });
      request.log.info({ roomId: created.id, userId: request.userId }, 'room created');
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/rooms/:roomId',
    {
      schema: {
        tags: ['rooms'],
        params: roomParamsSchema,
        response: { 200: roomSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.requireRoom(request.params.roomId);
    },
  );

  app.patch(
    '/rooms/:roomId',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Edit a room (owner or co-editor); settings, if sent, replace the old ones',
        params: roomParamsSchema,
        body: roomPatchBodySchema,
        response: { 200: roomSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { roomId } = request.params;
      await requireEditableRoom(store, roomId, request.userId, 'edit it');
      const room = await store.updateRoom(roomId, request.body);
      if (!room) throw notFound(`room ${roomId}`);
      return room;
    },
  );

  app.delete(
    '/rooms/:roomId',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Delete a room (owner only); clones made from it keep their own copies',
        params: roomParamsSchema,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      await requireOwnedRoom(store, roomId, request.userId, 'delete it');
      if (!(await store.deleteRoom(roomId))) throw notFound(`room ${roomId}`);
      request.log.info({ roomId, userId: request.userId }, 'room deleted');
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/rooms/:roomId/co-editors',
    {
      schema: {
        tags: ['rooms'],
        summary: "Replace the room's co-editors (owner only)",
        params: roomParamsSchema,
        body: coEditorsBodySchema,
        response: { 200: roomSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { roomId } = request.params;
      await requireOwnedRoom(store, roomId, request.userId, 'change its co-editors');
      await requireEditableRoom(store, roomId, request.userId, 'change its co-editors');
      const owner = request.body.userIds.indexOf(request.userId);
      if (owner >= 0) {
        const message = 'the owner cannot also be a co-editor';
        throw badRequest(`userIds.${owner}: ${message}`, [{ field: `userIds.${owner}`, message }]);
      }
      const room = await store.setCoEditors(roomId, request.body.userIds);
      if (!room) throw notFound(`room ${roomId}`);
      return room;
    },
  );
};
