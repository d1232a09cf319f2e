/**
 * One autocannon run, in a process of its own so the load generator does not share an event loop
 * with the API it measures. Reads its settings as JSON from argv[2], writes its result as JSON.
 */
import autocannon from 'autocannon';
import { z } from 'zod';

export const loadSettingsSchema = z.object({
  url: z.url(),
  method: z.enum(['GET', 'POST']),
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
  /** Paths to cycle through, one per request; the url's own path when absent. */
  paths: z.array(z.string()).min(1).optional(),
  connections: z.number().int().min(1),
  durationSeconds: z.number().positive(),
  /** Requests a second across all connections; unpaced when absent. */
  overallRate: z.number().int().positive().optional(),
});
export type LoadSettings = z.infer<typeof loadSettingsSchema>;

export interface LoadResult {
  requests: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function main(): Promise<void> {
  const settings = loadSettingsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  let next = 0;
  const { paths } = settings;
  const result = await autocannon({
    url: settings.url,
    method: settings.method,
    headers: settings.headers,
    ...(settings.body === undefined ? {} : { body: settings.body }),
    connections: settings.connections,
    duration: settings.durationSeconds,
    ...(settings.overallRate ? { overallRate: settings.overallRate } : {}),
    ...(paths
      ? {
          requests: [
            {
              setupRequest: (request: any) => ({
                ...request,
                path: paths[next++ % paths.length],
              }),
            },
          ],
        }
      : {}),
  });
  const answer: LoadResult = {
    requests: result.requests.total,
    perSecond: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
