import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RoomStore } from '../../rooms/room-store.js';
import { notificationSchema, pageOf, pageQuerySchema, problems } from '../schemas.js';

export const notificationRoutes: FastifyPluginAsyncZod<{ store: RoomStore }> = async (
  app,
  { store },
) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first",
        querystring: pageQuerySchema,
        response: { 200: pageOf(notificationSchema), ...problems(400, 401) },
      },
    },
    async (request) => store.listNotifications(request.userId, request.query),
  );
};
