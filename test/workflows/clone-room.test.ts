import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  CLONE_WORKFLOW_TYPE,
  type CloneProgress,
  type CloneRoomInput,
  cloneWorkflowId,
  getCloneProgress,
  updateCloneMetadata,
} from '../../src/shared/clone-contract.js';
import { initialCloneMetadata } from '../../src/shared/metadata.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { createGate, waitFor } from '../support/wait.js';

const WEEK1 = 'BIO 101 — Week 1: The Cell';

describe('CloneRoom on a real dev server', () => {
  let stack: TestStack;
  // Holds the interactions copy of a clone whose id is listed here until its gate opens.
  const holds = new Map<string, ReturnType<typeof createGate>>();
  const reached = new Map<string, ReturnType<typeof createGate>>();

  before(async () => {
    stack = await startTestStack({
      wrapActivities: (activities) => ({
        ...activities,
        async copyInteractions(request) {
          reached.get(request.cloneId)?.open();
          await holds.get(request.cloneId)?.passed;
          return activities.copyInteractions(request);
        },
      }),
    });
  });
  after(() => stack.stop());

  async function startClone(initiatorId: string, roomName = WEEK1, cloneId = randomUUID()) {
    const sourceRoomId = await stack.roomIdByName(roomName);
    const source = await stack.services.store.requireRoom(sourceRoomId);
    const input: CloneRoomInput = {
      cloneId,
      sourceRoomId,
      initiatorId,
      metadata: initialCloneMetadata(source, {}),
      components: { assets: true, storyboard: true, interactions: true },
      requestedAt: new Date().toISOString(),
      options: { maxAttempts: 3 },
    };
    const handle = await stack.temporal.client.workflow.start(CLONE_WORKFLOW_TYPE, {
      workflowId: cloneWorkflowId(cloneId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    return { handle, input };
  }

  test('clones week 1 completely and answers the progress query throughout', async () => {
    const { handle, input } = await startClone('u-amoreno');
    const early = await handle.query(getCloneProgress);
    assert.equal(early.id, input.cloneId);
    assert.equal(early.status, 'running');

    const result: CloneProgress = await handle.result();
    assert.equal(result.status, 'completed');
    assert.equal(result.percent, 100);
    assert.deepEqual(
      Object.fromEntries(Object.entries(result.components).map(([name, c]) => [name, c.done])),
      { settings: 1, assets: 5, storyboard: 7, interactions: 8 },
    );
    assert.deepEqual(result.issues, []);
    assert.deepEqual(await handle.query(getCloneProgress), result, 'a closed clone still answers');

    const room = await stack.services.store.requireRoom(result.targetRoomId ?? '');
    assert.equal(room.name, 'Cloned - BIO 101 — Week 1: The Cell');
    assert.equal(room.status, 'ready');
  });

  test('applies a metadata edit sent mid-clone to the final room', async () => {
    const cloneId = randomUUID();
    holds.set(cloneId, createGate());
    reached.set(cloneId, createGate());
    const { handle } = await startClone('u-amoreno', WEEK1, cloneId);
    await reached.get(cloneId)?.passed;

    const mid = await handle.query(getCloneProgress);
    assert.equal(mid.status, 'running');
    const edited = await handle.executeUpdate(updateCloneMetadata, {
      args: [{ description: 'Edited while cloning', tags: ['spring', 'edited'] }],
    });
    assert.equal(edited.metadata.description, 'Edited while cloning');
    assert.equal(edited.metadataRevision, 1);

    // The room exists by now, so the edit reaches it before the clone finishes.
    const targetRoomId = mid.targetRoomId ?? '';
    await waitFor('the edit to reach the new room', async () => {
      const room = await stack.services.store.requireRoom(targetRoomId);
      return room.description === 'Edited while cloning' ? room : undefined;
    });
    holds.get(cloneId)?.open();

    const result: CloneProgress = await handle.result();
    assert.equal(result.status, 'completed');
    assert.equal(result.appliedMetadataRevision, 1);
    const room = await stack.services.store.requireRoom(targetRoomId);
    assert.equal(room.description, 'Edited while cloning');
    assert.deepEqual(room.tags, ['spring', 'edited']);
    assert.equal(room.name, 'Cloned - BIO 101 — Week 1: The Cell');
  });

  test('refuses an invalid metadata edit in the validator, leaving history untouched', async () => {
    const cloneId = randomUUID();
    holds.set(cloneId, createGate());
    reached.set(cloneId, createGate());
    const { handle } = await startClone('u-amoreno', WEEK1, cloneId);
    await reached.get(cloneId)?.passed;

    await assert.rejects(
      handle.executeUpdate(updateCloneMetadata, { args: [{ name: '' }] }),
      WorkflowUpdateFailedError,
    );
    await assert.rejects(
      handle.executeUpdate(updateCloneMetadata, { args: [{ owner: 'u-cliu' } as never] }),
      WorkflowUpdateFailedError,
    );
    const events = (await handle.fetchHistory()).events ?? [];
    const updates = events.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    assert.equal(updates.length, 0, 'rejected updates write nothing to history');
    holds.get(cloneId)?.open();
    assert.equal((await handle.result()).metadataRevision, 0);
  });

  test('a refused clone fails non-retryably with the reason and creates nothing', async () => {
    const { handle, input } = await startClone('u-dosei');
    await assert.rejects(handle.result(), (error: unknown) => {
      assert.ok(error instanceof WorkflowFailedError);
      assert.match(String(error.cause?.message), /only the owner or a co-editor/);
      return true;
    });
    const progress = await handle.query(getCloneProgress);
    assert.equal(progress.status, 'failed');
    assert.match(progress.error ?? '', /only the owner or a co-editor/);
    const rooms = await stack.services.db.query('SELECT 1 FROM rooms WHERE clone_id = $1', [
      input.cloneId,
    ]);
    assert.equal(rooms.rows.length, 0);
  });

  test('a broken configuration fails at once, non-retryably, creating nothing', async () => {
    const sourceRoomId = await stack.roomIdByName(WEEK1);
    const source = await stack.services.store.requireRoom(sourceRoomId);
    const cloneId = randomUUID();
    // Only a client other than the API (the CLI, say) can send this: the API refuses it.
    const handle = await stack.temporal.client.workflow.start(CLONE_WORKFLOW_TYPE, {
      workflowId: cloneWorkflowId(cloneId),
      taskQueue: stack.taskQueue,
      args: [
        {
          cloneId,
          sourceRoomId,
          initiatorId: 'u-amoreno',
          metadata: initialCloneMetadata(source, {}),
          components: { assets: false, storyboard: true, interactions: true },
          requestedAt: new Date().toISOString(),
        } satisfies CloneRoomInput,
      ],
    });
    await assert.rejects(handle.result(), (error: unknown) => {
      assert.ok(error instanceof WorkflowFailedError);
      assert.match(String(error.cause?.message), /storyboard cannot be copied without its assets/);
      return true;
    });
    const rooms = await stack.services.db.query('SELECT 1 FROM rooms WHERE clone_id = $1', [
      cloneId,
    ]);
    assert.equal(rooms.rows.length, 0);
  });

  test('an operator finds the clone by source room, initiator and status', async () => {
    const { handle, input } = await startClone('u-bkeller');
    await handle.result();
    const query =
      `CloneSourceRoomId = "${input.sourceRoomId}" AND CloneInitiatorId = "u-bkeller" ` +
      `AND CloneStatus = "completed"`;
    const found = await waitFor('the clone in visibility', async () => {
      const ids: string[] = [];
      for await (const execution of stack.temporal.client.workflow.list({ query })) {
        ids.push(execution.workflowId);
      }
      return ids.includes(handle.workflowId) ? ids : undefined;
    });
    assert.ok(found.includes(cloneWorkflowId(input.cloneId)));
  });

  test('keeps history short for a large room by copying in slices', async () => {
    const sourceRoomId = await stack.roomIdByName(WEEK1);
    const bulk = await stack.services.store.createRoom({
      name: 'Bulk room',
      ownerId: 'u-amoreno',
      cncEnabled: true,
      lmsCourseId: 'canvas-course-48213',
    });
    // 12,000 interactions: twelve slices' worth at the minimum size, capped to eight.
    await stack.services.db.query(
      `INSERT INTO interactions (id, room_id, type, title, status, content)
       SELECT gen_random_uuid()::text, $1, 'notification', 'Note ' || n, 'published',
              jsonb_build_object('body', 'Body ' || n)
       FROM generate_series(1, 12000) AS n`,
      [bulk.id],
    );
    assert.ok(sourceRoomId);

    const { handle } = await startClone('u-amoreno', 'Bulk room');
    const result: CloneProgress = await handle.result();
    assert.equal(result.status, 'completed');
    assert.equal(result.components.interactions.done, 12_000);
    const copied = await stack.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM interactions WHERE room_id = $1',
      [result.targetRoomId],
    );
    assert.equal(Number(copied.rows[0]?.n), 12_000);
    const events = (await handle.fetchHistory()).events?.length ?? 0;
    assert.ok(events < 300, `history has ${events} events`);
  });
});
