import { z } from 'zod';

/** How many of each item a generated room holds. */
export interface RoomShape {
  assets: number;
  storyboard: number;
  interactions: number;
}

export interface BenchProfile {
  name: string;
  typical: RoomShape & { runs: number; naiveRuns: number };
  large: RoomShape & { runs: number; naiveRuns: number };
  /** The naive baseline is stopped past this, and the figure is reported as capped. */
  naiveTimeoutMs: number;
  /** Activities the naive baseline keeps in flight at once. */
  naiveConcurrency: number;
  latency: { connections: number; durationSeconds: number };
  throughput: { durationSeconds: number; concurrency: number };
  /** Fixed ports for a bench started by hand beside other servers; 0 picks a free one. */
  ports: { temporal: number; api: number };
}

const PROFILES: Record<string, Omit<BenchProfile, 'ports'>> = {
  // The sizes issue 5 names, with run counts that fit a 2-core machine in about ten minutes.
  default: {
    name: 'default',
    typical: { assets: 20, storyboard: 40, interactions: 200, runs: 30, naiveRuns: 10 },
    large: { assets: 2000, storyboard: 4000, interactions: 20000, runs: 5, naiveRuns: 1 },
    naiveTimeoutMs: 15 * 60_000,
    naiveConcurrency: 10,
    latency: { connections: 50, durationSeconds: 20 },
    throughput: { durationSeconds: 60, concurrency: 24 },
  },
  // Small enough for `npm test`; the "large" room still spans several slices of a component.
  smoke: {
    name: 'smoke',
    typical: { assets: 3, storyboard: 5, interactions: 10, runs: 2, naiveRuns: 1 },
    large: { assets: 120, storyboard: 200, interactions: 2100, runs: 1, naiveRuns: 1 },
    naiveTimeoutMs: 5 * 60_000,
    naiveConcurrency: 10,
    latency: { connections: 5, durationSeconds: 1 },
    throughput: { durationSeconds: 3, concurrency: 4 },
  },
};

const count = z.coerce.number().int().min(0);
const positive = z.coerce.number().int().min(1);

const environmentSchema = z.object({
  BENCH_PROFILE: z.enum(Object.keys(PROFILES) as [string, ...string[]]).default('default'),
  BENCH_TYPICAL_ASSETS: count.optional(),
  BENCH_TYPICAL_STORYBOARD: count.optional(),
  BENCH_TYPICAL_INTERACTIONS: count.optional(),
  BENCH_TYPICAL_RUNS: positive.optional(),
  BENCH_TYPICAL_NAIVE_RUNS: positive.optional(),
  BENCH_LARGE_ASSETS: count.optional(),
  BENCH_LARGE_STORYBOARD: count.optional(),
  BENCH_LARGE_INTERACTIONS: count.optional(),
  BENCH_LARGE_RUNS: positive.optional(),
  BENCH_LARGE_NAIVE_RUNS: positive.optional(),
  BENCH_NAIVE_TIMEOUT_SECONDS: positive.optional(),
  BENCH_NAIVE_CONCURRENCY: positive.optional(),
  BENCH_LATENCY_CONNECTIONS: positive.optional(),
  BENCH_LATENCY_SECONDS: positive.optional(),
  BENCH_THROUGHPUT_SECONDS: positive.optional(),
  BENCH_THROUGHPUT_CONCURRENCY: positive.optional(),
  BENCH_TEMPORAL_PORT: count.max(65535).default(0),
  BENCH_API_PORT: count.max(65535).default(0),
});

/** The profile BENCH_PROFILE names, with any size, count or duration the environment sets. */
export function loadBenchProfile(env: NodeJS.ProcessEnv = process.env): BenchProfile {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid bench settings:\n  - ${problems.join('\n  - ')}`);
  }
  const e = parsed.data;
  const base = PROFILES[e.BENCH_PROFILE];
  if (!base) throw new Error(`no bench profile ${e.BENCH_PROFILE}`);
  return {
    name: base.name,
    typical: {
      assets: e.BENCH_TYPICAL_ASSETS ?? base.typical.assets,
      storyboard: e.BENCH_TYPICAL_STORYBOARD ?? base.typical.storyboard,
      interactions: e.BENCH_TYPICAL_INTERACTIONS ?? base.typical.interactions,
      runs: e.BENCH_TYPICAL_RUNS ?? base.typical.runs,
      naiveRuns: e.BENCH_TYPICAL_NAIVE_RUNS ?? base.typical.naiveRuns,
    },
    large: {
      assets: e.BENCH_LARGE_ASSETS ?? base.large.assets,
      storyboard: e.BENCH_LARGE_STORYBOARD ?? base.large.storyboard,
      interactions: e.BENCH_LARGE_INTERACTIONS ?? base.large.interactions,
      runs: e.BENCH_LARGE_RUNS ?? base.large.runs,
      naiveRuns: e.BENCH_LARGE_NAIVE_RUNS ?? base.large.naiveRuns,
    },
    naiveTimeoutMs: (e.BENCH_NAIVE_TIMEOUT_SECONDS ?? base.naiveTimeoutMs / 1000) * 1000,
    naiveConcurrency: e.BENCH_NAIVE_CONCURRENCY ?? base.naiveConcurrency,
    latency: {
      connections: e.BENCH_LATENCY_CONNECTIONS ?? base.latency.connections,
      durationSeconds: e.BENCH_LATENCY_SECONDS ?? base.latency.durationSeconds,
    },
    throughput: {
      durationSeconds: e.BENCH_THROUGHPUT_SECONDS ?? base.throughput.durationSeconds,
      concurrency: e.BENCH_THROUGHPUT_CONCURRENCY ?? base.throughput.concurrency,
    },
    ports: { temporal: e.BENCH_TEMPORAL_PORT, api: e.BENCH_API_PORT },
  };
}
