import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { Database } from '../src/rooms/database.js';
import { type CloneProgress, cloneWorkflowId } from '../src/shared/clone-contract.js';
import type { BenchEnvironment } from './environment.js';
import type { RoomShape } from './profile.js';
import type { GeneratedRoom } from './room-generator.js';

export interface StartedClone {
  cloneId: string;
  /** performance.now() just before the POST was sent, and when its 202 arrived. */
  requestedAt: number;
  acceptedAt: number;
}

export interface MeasuredClone {
  cloneId: string;
  targetRoomId: string;
  /** From the API's 202 to the workflow's result: the figure the issue asks for. */
  fromAcceptedMs: number;
  /** From sending the POST to the result, so the request itself is counted too. */
  fromRequestMs: number;
  postMs: number;
}

/** POSTs a clone of `room` through the real API; throws unless it answers 202. */
export async function requestClone(
  env: BenchEnvironment,
  room: GeneratedRoom,
  token: string,
  baseUrl = env.api.url,
): Promise<StartedClone> {
  const requestedAt = performance.now();
  const response = await fetch(`${baseUrl}/api/rooms/${room.roomId}/clones`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const acceptedAt = performance.now();
  const body = (await response.json()) as CloneProgress;
  if (response.status !== 202) {
    throw new Error(`POST clone answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { cloneId: body.id, requestedAt, acceptedAt };
}

/**
 * Waits for the clone's workflow result. The client long-polls the workflow's close event, so
 * the clone is seen the moment it ends, with no polling interval in the figure and no extra load
 * on the API while it runs.
 */
export async function awaitClone(client: Client, started: StartedClone): Promise<MeasuredClone> {
  const result: CloneProgress = await client.workflow
    .getHandle(cloneWorkflowId(started.cloneId))
    .result();
  const endedAt = performance.now();
  if (result.status !== 'completed' || !result.targetRoomId) {
    throw new Error(`clone ${started.cloneId} ended ${result.status}: ${result.error}`);
  }
  checkProgress(result);
  return {
    cloneId: started.cloneId,
    targetRoomId: result.targetRoomId,
    fromAcceptedMs: endedAt - started.acceptedAt,
    fromRequestMs: endedAt - started.requestedAt,
    postMs: started.acceptedAt - started.requestedAt,
  };
}

/** A completed clone's own account must match the room exactly: no item left out. */
function checkProgress(result: CloneProgress): void {
  const { assets, storyboard, interactions } = result.components;
  for (const [name, component] of Object.entries({ assets, storyboard, interactions })) {
    if (component.state !== 'done' || component.done !== component.total) {
      throw new Error(`clone ${result.id}: ${name} ${component.state} ${component.done}`);
    }
  }
  if (result.issues.length > 0) {
    throw new Error(`clone ${result.id} reported ${result.issues.length} issue(s)`);
  }
}

/**
 * Counts what each target room holds and checks it against the source's shape: every asset,
 * storyboard item and interaction copied once, interactions as drafts, storyboard items pointing
 * only at the new room's assets, and every room ready. Throws on the first mismatch.
 */
export async function verifyTargets(
  db: Database,
  targetRoomIds: string[],
  shape: RoomShape,
): Promise<void> {
  if (targetRoomIds.length === 0) return;
  const counts = await db.query<{
    id: string;
    status: string;
    assets: number;
    storyboard: number;
    interactions: number;
    drafts: number;
    foreign_items: number;
  }>(
    `SELECT r.id, r.status,
       (SELECT count(*)::int FROM assets a WHERE a.room_id = r.id) AS assets,
       (SELECT count(*)::int FROM storyboard_items s WHERE s.room_id = r.id) AS storyboard,
       (SELECT count(*)::int FROM interactions i WHERE i.room_id = r.id) AS interactions,
       (SELECT count(*)::int FROM interactions i
        WHERE i.room_id = r.id AND i.status = 'draft' AND i.scheduled_for IS NULL) AS drafts,
       (SELECT count(*)::int FROM storyboard_items s
        LEFT JOIN assets a ON a.id = s.asset_id
        WHERE s.room_id = r.id AND s.type = 'asset' AND a.room_id IS DISTINCT FROM r.id)
         AS foreign_items
     FROM rooms r WHERE r.id = ANY($1::text[])`,
    [targetRoomIds],
  );
  if (counts.rows.length !== new Set(targetRoomIds).size) {
    throw new Error(`found ${counts.rows.length} of ${targetRoomIds.length} target rooms`);
  }
  for (const row of counts.rows) {
    const wrong =
      row.status !== 'ready' ||
      row.assets !== shape.assets ||
      row.storyboard !== shape.storyboard ||
      row.interactions !== shape.interactions ||
      row.drafts !== shape.interactions ||
      row.foreign_items !== 0;
    if (wrong)
      throw new Error(`target room ${row.id} is not an exact copy: ${JSON.stringify(row)}`);
  }
}

/** Events in the workflow's history; for a continued-as-new chain, pass each run id. */
export async function historyLength(
  client: Client,
  workflowId: string,
  runIds: (string | undefined)[] = [undefined],
): Promise<number> {
  let total = 0;
  for (const runId of runIds) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    total += history.events?.length ?? 0;
  }
  return total;
}
