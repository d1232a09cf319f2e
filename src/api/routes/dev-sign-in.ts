import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoomStore } from '../../rooms/room-store.js';
import { signToken } from '../auth.js';
import { notFound } from '../problem.js';
import { problemResponses } from '../schemas.js';

const devUserSchema = z
  .object({ id: z.string(), name: z.string(), role: z.string().nullable() })
  .meta({ id: 'DevUser' });

/**
 * The user picker of the embedded default: lists the store's users and signs in as any of them.
 * Registered only when DEV_SIGN_IN is on; in production the LMS hands the UI its token.
 */
export const devSignInRoutes: FastifyPluginAsyncZod<{
  store: RoomStore;
  jwtSecret: Uint8Array;
}> = async (app, { store, jwtSecret }) => {
  app.get(
    '/auth/dev/users',
    {
      schema: {
        tags: ['dev sign-in'],
        summary: 'The users one may sign in as (only with DEV_SIGN_IN on)',
        security: [],
        response: { 200: z.object({ items: z.array(devUserSchema) }) },
      },
    },
    async () => ({ items: await store.listUsers() }),
  );

  app.post(
    '/auth/dev/sign-in',
    {
      schema: {
        tags: ['dev sign-in'],
        summary: 'A token for any user of the store (only with DEV_SIGN_IN on)',
        security: [],
        body: z.strictObject({ userId: z.string().min(1).max(200) }),
        response: {
          200: z.object({ token: z.string(), user: devUserSchema }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const user = (await store.listUsers()).find((known) => known.id === request.body.userId);
      if (!user) throw notFound(`user ${request.body.userId}`);
      request.log.info({ userId: user.id }, 'dev sign-in');
      return { token: await signToken(jwtSecret, user.id), user };
    },
  );
};
