import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cloneWorkflowId } from '../src/shared/clone-contract.js';
import {
  awaitClone,
  historyLength,
  type MeasuredClone,
  requestClone,
  verifyTargets,
} from './clones.js';
import { cpuBetween, sampleCpu } from './cpu.js';
import { type BenchEnvironment, startBenchEnvironment } from './environment.js';
import { generateLoad } from './load.js';
import type { LoadResult } from './load-generator.js';
import { type NaiveRun, runNaiveClone } from './naive/run.js';
import type { BenchProfile, RoomShape } from './profile.js';
import { rawSqlCopy } from './raw-copy.js';
import { type GeneratedRoom, generateRoom } from './room-generator.js';
import { directoryBytes, round, type Summary, summarize } from './stats.js';

export interface RoomFigures {
  shape: RoomShape;
  generateMs: number;
  runs: number;
  /** 202 to completed, over `runs` clones. */
  cloneMs: Summary;
  /** POST sent to completed. */
  cloneFromRequestMs: Summary;
  historyEvents: { max: number; median: number };
  /** Bytes the blob store grew by across all clones of this room: 0 when media is shared. */
  mediaBytesWritten: number;
  rawSqlMs: Summary;
  /** Median clone over median raw SQL copy. */
  ratioToRawSql: number;
  naive: {
    runs: number;
    ms: Summary;
    capped: boolean;
    historyEvents: number;
    workflowRuns: number;
  };
  /** Median clone over median naive baseline: below 1 is faster than the baseline. */
  ratioToNaive: number;
}

export interface BenchResults {
  profile: string;
  startedAt: string;
  finishedAt: string;
  machine: { nproc: number; memoryGiB: number; cpuModel: string; node: string; loadAvg: number[] };
  typical: RoomFigures;
  large: RoomFigures;
  throughput: {
    durationSeconds: number;
    concurrency: number;
    completed: number;
    perSecond: number;
    verified: number;
    cloneMs: Summary;
    postMs: Summary;
    /** CPU seconds in the window: ours, our children's (dev server), other engineers'. */
    cpuSeconds: ReturnType<typeof cpuBetween>;
  };
  api: {
    connections: number;
    durationSeconds: number;
    post: LoadResult;
    /** The same POST over one connection, one at a time: its service time, with no queue. */
    postSequential: LoadResult;
    get: LoadResult;
  };
  targets: { figure: string; target: string; measured: string; met: boolean }[];
}

type Progress = (message: string) => void;

async function cpuModel(): Promise<string> {
  try {
    const info = await readFile('/proc/cpuinfo', 'utf8');
    return info.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

async function measureRoom(
  env: BenchEnvironment,
  room: GeneratedRoom,
  generateMs: number,
  settings: { runs: number; naiveRuns: number; naiveConcurrency: number; naiveTimeoutMs: number },
  progress: Progress,
  label: string,
): Promise<RoomFigures> {
  const token = await env.token(room.ownerId);
  const clones: MeasuredClone[] = [];
  const histories: number[] = [];
  const raw: number[] = [];
  let mediaBytesWritten = 0;

  // Clone and raw copy take turns, so both meet the same machine load.
  for (let run = 0; run < settings.runs; run++) {
    const before = await directoryBytes(env.blobsDir);
    const clone = await awaitClone(env.client, await requestClone(env, room, token));
    mediaBytesWritten += (await directoryBytes(env.blobsDir)) - before;
    clones.push(clone);
    histories.push(await historyLength(env.client, cloneWorkflowId(clone.cloneId)));
    raw.push(await rawSqlCopy(env.services.db, room.roomId));
    progress(
      `${label} ${run + 1}/${settings.runs}: clone ${round(clone.fromAcceptedMs)} ms, ` +
        `raw SQL ${round(raw[raw.length - 1] ?? 0)} ms, ${histories[histories.length - 1]} events`,
    );
  }
  await verifyTargets(
    env.services.db,
    clones.map((clone) => clone.targetRoomId),
    room.shape,
  );

  const naiveRuns: NaiveRun[] = [];
  for (let run = 0; run < settings.naiveRuns; run++) {
    const naive = await runNaiveClone(env.client, env.services.store, room, {
      concurrency: settings.naiveConcurrency,
      timeoutMs: settings.naiveTimeoutMs,
    });
    naiveRuns.push(naive);
    progress(
      `${label} naive ${run + 1}/${settings.naiveRuns}: ${round(naive.ms)} ms` +
        (naive.capped ? ' (capped)' : `, ${naive.historyEvents} events in ${naive.runs} runs`),
    );
    if (naive.capped) break;
  }
  const finishedNaive = naiveRuns.filter((naive) => !naive.capped);
  await verifyTargets(
    env.services.db,
    finishedNaive.map((naive) => naive.targetRoomId ?? ''),
    room.shape,
  );

  const cloneMs = summarize(clones.map((clone) => clone.fromAcceptedMs));
  const rawSqlMs = summarize(raw);
  const naiveMs = summarize(naiveRuns.map((naive) => naive.ms));
  const sortedHistories = [...histories].sort((a, b) => a - b);
  return {
    shape: room.shape,
    generateMs: round(generateMs),
    runs: settings.runs,
    cloneMs,
    cloneFromRequestMs: summarize(clones.map((clone) => clone.fromRequestMs)),
    historyEvents: {
      max: Math.max(...histories),
      median: sortedHistories[Math.floor((sortedHistories.length - 1) / 2)] ?? Number.NaN,
    },
    mediaBytesWritten,
    rawSqlMs,
    ratioToRawSql: round(cloneMs.median / rawSqlMs.median, 2),
    naive: {
      runs: naiveRuns.length,
      ms: naiveMs,
      capped: naiveRuns.some((naive) => naive.capped),
      historyEvents: Math.max(...finishedNaive.map((naive) => naive.historyEvents), 0),
      workflowRuns: Math.max(...finishedNaive.map((naive) => naive.runs), 0),
    },
    ratioToNaive: round(cloneMs.median / naiveMs.median, 3),
  };
}

/**
 * Keeps `concurrency` typical clones going through the API for the duration and counts those
 * that completed inside it. Every clone, counted or not, is checked complete with exact counts.
 */
async function measureThroughput(
  env: BenchEnvironment,
  room: GeneratedRoom,
  settings: BenchProfile['throughput'],
): Promise<BenchResults['throughput'] & { cloneIds: string[] }> {
  const token = await env.token(room.ownerId);
  const cpuBefore = sampleCpu();
  const started = performance.now();
  const deadline = started + settings.durationSeconds * 1000;
  const inWindow: MeasuredClone[] = [];
  const all: MeasuredClone[] = [];

  const lane = async () => {
    while (performance.now() < deadline) {
      const clone = await awaitClone(env.client, await requestClone(env, room, token));
      all.push(clone);
      if (performance.now() <= deadline) inWindow.push(clone);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, lane));
  const cpuSeconds = cpuBetween(cpuBefore, sampleCpu());
  await verifyTargets(
    env.services.db,
    all.map((clone) => clone.targetRoomId),
    room.shape,
  );
  return {
    durationSeconds: settings.durationSeconds,
    concurrency: settings.concurrency,
    completed: inWindow.length,
    perSecond: round(inWindow.length / settings.durationSeconds, 2),
    verified: all.length,
    cloneMs: summarize(inWindow.map((clone) => clone.fromAcceptedMs)),
    postMs: summarize(inWindow.map((clone) => clone.postMs)),
    cpuSeconds,
    cloneIds: all.map((clone) => clone.cloneId),
  };
}

/**
 * GET of completed clones (cycling through many, as many users' pages would) on the real API,
 * then POST clone, one at a time and at full concurrency, on an API whose clones wait on a queue
 * no worker polls: so the POST figure is the API and Temporal's start, not the CPU the clones it
 * starts would take on these two cores.
 */
async function measureApi(
  env: BenchEnvironment,
  room: GeneratedRoom,
  completedCloneIds: string[],
  settings: BenchProfile['latency'],
): Promise<BenchResults['api']> {
  const token = await env.token(room.ownerId);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const get = await generateLoad({
    url: `${env.api.url}/api/clones/${completedCloneIds[0]}`,
    method: 'GET',
    headers: { authorization: headers.authorization },
    paths: completedCloneIds.map((id) => `/api/clones/${id}`),
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
  });
  // One connection first: the run at full concurrency leaves thousands of parked clones behind.
  // (autocannon's overallRate releases each second's requests at once, so a "paced" run at 50
  // connections still measures a queue; one connection measures the service time itself.)
  const parked = await env.startParkedApi();
  const postWith = (connections: number) =>
    generateLoad({
      url: `${parked.url}/api/rooms/${room.roomId}/clones`,
      method: 'POST',
      headers,
      body: '{}',
      connections,
      durationSeconds: settings.durationSeconds,
    });
  const postSequential = await postWith(1);
  const post = await postWith(settings.connections);
  await parked.close();
  return {
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    post,
    postSequential,
    get,
  };
}

function checkTargets(results: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const { typical, large, throughput, api } = results;
  const maxHistory = Math.max(typical.historyEvents.max, large.historyEvents.max);
  const media = typical.mediaBytesWritten + large.mediaBytesWritten;
  return [
    {
      figure: 'large clone vs raw SQL copy',
      target: '<= 2x',
      measured: `${large.ratioToRawSql}x`,
      met: large.ratioToRawSql <= 2,
    },
    {
      figure: 'history events, any room',
      target: '<= 300',
      measured: String(maxHistory),
      met: maxHistory <= 300,
    },
    {
      figure: 'typical clone median',
      target: '< 1000 ms',
      measured: `${typical.cloneMs.median} ms`,
      met: typical.cloneMs.median < 1000,
    },
    {
      figure: 'POST clone p99',
      target: '< 25 ms',
      measured: `${api.post.latencyMs.p99} ms`,
      met: api.post.latencyMs.p99 < 25 && api.post.non2xx === 0 && api.post.errors === 0,
    },
    {
      figure: 'GET clone p99',
      target: '< 15 ms',
      measured: `${api.get.latencyMs.p99} ms`,
      met: api.get.latencyMs.p99 < 15 && api.get.non2xx === 0 && api.get.errors === 0,
    },
    {
      figure: 'typical clones per second',
      target: '>= 25',
      measured: String(throughput.perSecond),
      met: throughput.perSecond >= 25,
    },
    {
      figure: 'media bytes copied',
      target: '0',
      measured: String(media),
      met: media === 0,
    },
  ];
}

/** The whole benchmark on a fresh embedded stack; everything it started is stopped after. */
export async function runBenchmark(
  profile: BenchProfile,
  progress: Progress = () => undefined,
): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const env = await startBenchEnvironment(profile);
  try {
    progress(`stack up: Temporal ${env.devServer.address}, API ${env.api.url}`);
    let mark = performance.now();
    const typicalRoom = await generateRoom(
      env.services.store,
      env.services.blobs,
      profile.typical,
      'typical',
    );
    const typicalGenerateMs = performance.now() - mark;
    mark = performance.now();
    const largeRoom = await generateRoom(
      env.services.store,
      env.services.blobs,
      profile.large,
      'large',
    );
    const largeGenerateMs = performance.now() - mark;
    progress(`rooms generated in ${round(typicalGenerateMs)} and ${round(largeGenerateMs)} ms`);

    // The first clones pay for bundling caches, JIT and connection set-up: not measured.
    const warmToken = await env.token(typicalRoom.ownerId);
    for (let run = 0; run < 3; run++) {
      await awaitClone(env.client, await requestClone(env, typicalRoom, warmToken));
    }
    await rawSqlCopy(env.services.db, typicalRoom.roomId);

    const naive = {
      naiveConcurrency: profile.naiveConcurrency,
      naiveTimeoutMs: profile.naiveTimeoutMs,
    };
    const typical = await measureRoom(
      env,
      typicalRoom,
      typicalGenerateMs,
      { runs: profile.typical.runs, naiveRuns: profile.typical.naiveRuns, ...naive },
      progress,
      'typical',
    );
    const large = await measureRoom(
      env,
      largeRoom,
      largeGenerateMs,
      { runs: profile.large.runs, naiveRuns: profile.large.naiveRuns, ...naive },
      progress,
      'large',
    );

    progress(`throughput: ${profile.throughput.durationSeconds} s`);
    const { cloneIds, ...throughput } = await measureThroughput(
      env,
      typicalRoom,
      profile.throughput,
    );
    progress(`throughput: ${throughput.perSecond} clones/s; API latency next`);
    const api = await measureApi(env, typicalRoom, cloneIds, profile.latency);

    const cpus = os.cpus().length;
    const partial = {
      profile: profile.name,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        nproc: os.availableParallelism?.() ?? cpus,
        memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        cpuModel: await cpuModel(),
        node: process.version,
        loadAvg: os.loadavg().map((value) => round(value, 2)),
      },
      typical,
      large,
      throughput,
      api,
    };
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    await env.stop();
  }
}
