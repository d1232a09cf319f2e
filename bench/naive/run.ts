import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { RoomStore } from '../../src/rooms/room-store.js';
import { initialCloneMetadata } from '../../src/shared/metadata.js';
import { historyLength } from '../clones.js';
import type { GeneratedRoom } from '../room-generator.js';
import {
  NAIVE_TASK_QUEUE,
  NAIVE_WORKFLOW_TYPE,
  type NaiveCloneInput,
  type NaiveCloneResult,
} from './contract.js';

export interface NaiveRun {
  /** From the start call's return to the result; the cap when `capped`. */
  ms: number;
  capped: boolean;
  historyEvents: number;
  runs: number;
  targetRoomId: string | null;
  copied: NaiveCloneResult['copied'] | null;
}

const NAIVE_PAGE_SIZE = 1000;

/** Runs the naive baseline once; past `timeoutMs` it is terminated and reported as capped. */
export async function runNaiveClone(
  client: Client,
  store: RoomStore,
  room: GeneratedRoom,
  options: { concurrency: number; timeoutMs: number },
): Promise<NaiveRun> {
  const source = await store.requireRoom(room.roomId);
  const cloneId = `naive-${randomUUID()}`;
  const input: NaiveCloneInput = {
    cloneId,
    sourceRoomId: room.roomId,
    initiatorId: room.ownerId,
    metadata: initialCloneMetadata(source, {}),
    concurrency: options.concurrency,
    pageSize: NAIVE_PAGE_SIZE,
  };
  const workflowId = `bench-naive-clone:${cloneId}`;
  const handle = await client.workflow.start(NAIVE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: NAIVE_TASK_QUEUE,
    args: [input],
  });
  const started = performance.now();

  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<'capped'>((resolve) => {
    timer = setTimeout(() => resolve('capped'), options.timeoutMs);
  });
  const outcome = await Promise.race([handle.result() as Promise<NaiveCloneResult>, cap]);
  clearTimeout(timer);
  const ms = performance.now() - started;

  if (outcome === 'capped') {
    await client.workflow.getHandle(workflowId).terminate('the bench capped the naive baseline');
    return {
      ms: options.timeoutMs,
      capped: true,
      historyEvents: Number.NaN,
      runs: Number.NaN,
      targetRoomId: null,
      copied: null,
    };
  }
  return {
    ms,
    capped: false,
    historyEvents: await historyLength(client, workflowId, outcome.runIds),
    runs: outcome.runIds.length,
    targetRoomId: outcome.targetRoomId,
    copied: outcome.copied,
  };
}
