import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const checkSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
});

/** Liveness and readiness, outside /api and without auth, for probes and load balancers. */
export const healthRoutes: FastifyPluginAsyncZod<{
  readiness: Record<string, () => Promise<void>>;
}> = async (app, { readiness }) => {
  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: checkSchema, 503: checkSchema } } },
    async (_request, reply) => {
      const checks: Record<string, { ok: boolean; error?: string }> = {};
      await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 3000);
            checks[name] = { ok: true };
          } catch (error) {
            checks[name] = { ok: false, error: error instanceof Error ? error.message : 'failed' };
          }
        }),
      );
      const ok = Object.values(checks).every((check) => check.ok);
      reply.status(ok ? 200 : 503);
      return { status: ok ? ('ok' as const) : ('unavailable' as const), checks };
    },
  );
};

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
