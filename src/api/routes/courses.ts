import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RoomStore } from '../../rooms/room-store.js';
import { courseSchema, pageOf, pageQuerySchema, problemResponses } from '../schemas.js';

/** The caller's courses, so a client can find the course listings it may read. */
export const courseRoutes: FastifyPluginAsyncZod<{ store: RoomStore }> = async (app, { store }) => {
  app.get(
    '/courses',
    {
      schema: {
        tags: ['courses'],
        summary: 'The LMS courses the caller is a member of, newest first',
        querystring: pageQuerySchema,
        response: { 200: pageOf(courseSchema), ...problemResponses },
      },
    },
    async (request) => store.listCoursesOfUser(request.userId, request.query),
  );
};
