import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Everything the page may load comes from this host: a request elsewhere (a CDN font, a script)
 * is refused by the browser rather than leaking the course's traffic.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The built web UI at `/`, and its client-side routes answered with the same page. */
export const webUiRoutes: FastifyPluginAsyncZod<{ root: string }> = async (app, { root }) => {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // The build is fixed while the server runs: one route a file, nothing else under `/`.
    wildcard: false,
    schemaHide: true,
    setHeaders(reply, filePath) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      // Vite names every asset by its content hash; only the page itself must be revalidated.
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.get(
    '/rooms/:roomId',
    {
      schema: { hide: true, params: z.object({ roomId: z.string().min(1).max(200) }) },
    },
    (_request, reply) => reply.sendFile('index.html'),
  );
};
