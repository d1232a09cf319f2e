import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createCloneActivities } from '../../src/activities/index.js';
import { importFixture } from '../../src/rooms/fixture-importer.js';
import { CloneFailureType } from '../../src/shared/errors.js';
import { SAMPLE_FIXTURE } from '../support/paths.js';
import { openTestServices, type TestServices } from '../support/services.js';

const metadata = { name: 'Copy of week 1', description: 'copy', tags: ['copy'] };

async function roomIdNamed(services: TestServices, prefix: string): Promise<string> {
  const result = await services.db.query<{ id: string }>(
    'SELECT id FROM rooms WHERE name LIKE $1 AND clone_id IS NULL',
    [`${prefix}%`],
  );
  const id = result.rows[0]?.id;
  assert.ok(id, `a room named ${prefix}…`);
  return id;
}

async function rowsOf(services: TestServices, table: string, roomId: string): Promise<number> {
  const result = await services.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE room_id = $1`,
    [roomId],
  );
  return Number(result.rows[0]?.n);
}

// These tests drive the real activities against a real PGlite store. Only the activity context
// is Temporal's mock, so each activity can be run twice in a row as a retry would run it.
describe('clone activities, each run twice', () => {
  let services: TestServices;
  let activities: ReturnType<typeof createCloneActivities>;
  let sourceRoomId: string;
  let targetRoomId: string;
  const cloneId = 'clone-idempotency';
  const quiet = { logger: new DefaultLogger('ERROR') };
  const mock = new MockActivityEnvironment(undefined, quiet);
  // MockActivityEnvironment.run cannot infer an activity's result type; this wrapper keeps it.
  const env = {
    run: <Arg, Result>(activity: (arg: Arg) => Promise<Result>, arg: Arg) =>
      mock.run(activity, arg) as Promise<Result>,
  };
  const twice = async <T>(run: () => Promise<T>): Promise<[T, T]> => [await run(), await run()];

  before(async () => {
    services = await openTestServices('pglite');
    await importFixture(SAMPLE_FIXTURE, services.store, services.blobs);
    // A transaction batch of two makes every slice several commits, heartbeats included.
    activities = createCloneActivities({ copier: services.copier, transactionBatch: 2 });
    sourceRoomId = await roomIdNamed(services, 'BIO 101 — Week 1');
  });
  after(() => services.close());

  test('prepareClone creates one room however often it runs', async () => {
    const request = { cloneId, sourceRoomId, initiatorId: 'u-amoreno', metadata };
    const [first, second] = await twice(() => env.run(activities.prepareClone, request));
    assert.deepEqual(second, first);
    assert.deepEqual(first.totals, { assets: 5, storyboard: 7, interactions: 8 });
    targetRoomId = first.targetRoomId;

    const rooms = await services.db.query('SELECT 1 FROM rooms WHERE clone_id = $1', [cloneId]);
    assert.equal(rooms.rows.length, 1);
    const room = await services.store.getRoom(targetRoomId);
    assert.equal(room?.status, 'cloning');
    assert.equal(room?.ownerId, 'u-amoreno');
    assert.equal(room?.parentRoomId, sourceRoomId);
  });

  test('copySettings leaves the same settings after a second run', async () => {
    await twice(() => env.run(activities.copySettings, { cloneId }));
    const [source, target] = await Promise.all([
      services.store.getRoom(sourceRoomId),
      services.store.getRoom(targetRoomId),
    ]);
    assert.deepEqual(target?.settings, source?.settings);
  });

  test('copyAssets copies each asset once', async () => {
    const request = { cloneId, cursor: null, sliceSize: 1000 };
    const [first, second] = await twice(() => env.run(activities.copyAssets, request));
    assert.equal(first.processed, 5);
    assert.equal(second.processed, 5);
    assert.equal(first.cursor, null);
    assert.equal(await rowsOf(services, 'assets', targetRoomId), 5);
  });

  test('copyStoryboard copies each item once, pointing at the new room', async () => {
    const request = { cloneId, cursor: null, sliceSize: 1000 };
    await twice(() => env.run(activities.copyStoryboard, request));
    assert.equal(await rowsOf(services, 'storyboard_items', targetRoomId), 7);
    const foreign = await services.db.query(
      `SELECT 1 FROM storyboard_items s JOIN assets a ON a.id = s.asset_id
       WHERE s.room_id = $1 AND a.room_id <> $1`,
      [targetRoomId],
    );
    assert.equal(foreign.rows.length, 0, 'no item points into another room');
  });

  test('copyInteractions copies each interaction once, as a draft without responses', async () => {
    const request = { cloneId, cursor: null, sliceSize: 1000 };
    await twice(() => env.run(activities.copyInteractions, request));
    const copied = await services.store.listInteractions(targetRoomId, { limit: 100 });
    assert.equal(copied.items.length, 8);
    assert.ok(copied.items.every((item) => item.status === 'draft'));
    assert.ok(copied.items.every((item) => item.scheduledFor === null));
    assert.ok(copied.items.every((item) => item.responseCount === 0));
  });

  test('a slice resumed from its heartbeat finishes the rest and copies nothing twice', async () => {
    const resumed = new MockActivityEnvironment(
      { heartbeatDetails: { processed: 2, cursor: null, issues: [] } },
      quiet,
    );
    const heartbeats: unknown[] = [];
    resumed.on('heartbeat', (details) => heartbeats.push(details));
    const result: { cursor: string | null } = await resumed.run(activities.copyInteractions, {
      cloneId,
      cursor: null,
      sliceSize: 1000,
    });
    assert.ok(heartbeats.length >= 4, 'a heartbeat after every committed batch');
    assert.equal(result.cursor, null);
    assert.equal(await rowsOf(services, 'interactions', targetRoomId), 8);
  });

  test('applyCloneMetadata keeps the newest revision, whatever order runs arrive in', async () => {
    const newer = { ...metadata, name: 'Newer name' };
    await env.run(activities.applyCloneMetadata, { cloneId, metadata: newer, revision: 2 });
    await env.run(activities.applyCloneMetadata, { cloneId, metadata, revision: 1 });
    assert.equal((await services.store.getRoom(targetRoomId))?.name, 'Newer name');
  });

  test('completeClone lists the room and notifies once', async () => {
    const request = {
      cloneId,
      metadata: { ...metadata, name: 'Final' },
      revision: 3,
      issueCount: 0,
    };
    await twice(() => env.run(activities.completeClone, request));
    const room = await services.store.getRoom(targetRoomId);
    assert.equal(room?.status, 'ready');
    assert.equal(room?.name, 'Final');
    const listed = await services.db.query('SELECT 1 FROM course_rooms WHERE room_id = $1', [
      targetRoomId,
    ]);
    assert.equal(listed.rows.length, 1);
    const notes = await services.store.listNotifications('u-amoreno', { limit: 100 });
    assert.equal(notes.items.filter((note) => note.roomId === targetRoomId).length, 1);
  });

  test('discardClone leaves a completed clone alone', async () => {
    const request = { cloneId, initiatorId: 'u-amoreno', outcome: 'failed' as const, reason: 'x' };
    await twice(() => env.run(activities.discardClone, request));
    assert.equal((await services.store.getRoom(targetRoomId))?.status, 'ready');
    assert.equal(await rowsOf(services, 'assets', targetRoomId), 5);
  });

  test('discardClone removes a partial clone once and frees only unshared blobs', async () => {
    const partial = 'clone-to-discard';
    await env.run(activities.prepareClone, {
      cloneId: partial,
      sourceRoomId,
      initiatorId: 'u-bkeller',
      metadata,
    });
    await env.run(activities.copyAssets, { cloneId: partial, cursor: null, sliceSize: 1000 });
    const request = {
      cloneId: partial,
      initiatorId: 'u-bkeller',
      outcome: 'cancelled' as const,
      reason: 'cancelled',
    };
    await twice(() => env.run(activities.discardClone, request));

    const room = await services.db.query<{ status: string; id: string }>(
      'SELECT id, status FROM rooms WHERE clone_id = $1',
      [partial],
    );
    assert.equal(room.rows[0]?.status, 'failed');
    assert.equal(await rowsOf(services, 'assets', room.rows[0]?.id ?? ''), 0);
    // The source still references every blob, so none is freed.
    for (const asset of (await services.store.listAssets(sourceRoomId, { limit: 100 })).items) {
      assert.equal(await services.blobs.has(asset.sha256), true);
    }
    const notes = await services.store.listNotifications('u-bkeller', { limit: 100 });
    assert.equal(notes.items.filter((note) => note.cloneId === partial).length, 1);
  });

  test('refusals are non-retryable and name their reason', async () => {
    const officeHours = await roomIdNamed(services, 'BIO 101 — Office Hours');
    const refusals = [
      { sourceRoomId: officeHours, initiatorId: 'u-bkeller', type: CloneFailureType.CncDisabled },
      { sourceRoomId, initiatorId: 'u-dosei', type: CloneFailureType.CloneNotPermitted },
      {
        sourceRoomId: 'no-such-room',
        initiatorId: 'u-amoreno',
        type: CloneFailureType.SourceRoomNotFound,
      },
    ];
    for (const refusal of refusals) {
      await assert.rejects(
        env.run(activities.prepareClone, {
          cloneId: `refused-${refusal.type}`,
          sourceRoomId: refusal.sourceRoomId,
          initiatorId: refusal.initiatorId,
          metadata,
        }),
        (error: unknown) =>
          error instanceof ApplicationFailure && error.nonRetryable && error.type === refusal.type,
      );
    }
    const created = await services.db.query("SELECT 1 FROM rooms WHERE clone_id LIKE 'refused-%'");
    assert.equal(created.rows.length, 0);
  });
});
