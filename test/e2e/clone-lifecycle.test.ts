import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { createActivityHooks } from '../support/activity-hooks.js';
import { cloneOutcome, collectCloneEvents } from '../support/clones.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const WEEK1 = 'BIO 101 — Week 1: The Cell';
const WEEK2 = 'Biología 101 — Semana 2: Membranas 🧫';

describe('following and stopping a clone', () => {
  let stack: TestStack;
  const hooks = createActivityHooks();

  before(async () => {
    stack = await startTestStack({ wrapActivities: hooks.wrap });
  });
  after(() => stack.stop());

  async function startHeldClone(user: string, roomName: string, name: string) {
    const hold = hooks.holdBefore(name, 'copyInteractions');
    const roomId = await stack.roomIdByName(roomName);
    const answer = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user,
      body: { name },
    });
    assert.equal(answer.status, 202);
    return { clone: answer.body, hold };
  }

  test('the event stream sends a snapshot on every change and closes after the last', async () => {
    // The hold is keyed by clone id, which is only known once the clone has started: the first
    // snapshot may race the copy, so the stream is judged on what it must always contain.
    const roomId = await stack.roomIdByName(WEEK2);
    const started = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: {},
    });
    const stream = await collectCloneEvents(stack, started.body.id, 'u-amoreno');
    assert.equal(stream.status, 200);
    assert.match(stream.contentType, /text\/event-stream/);
    assert.ok(stream.events.length >= 1);
    const last = stream.events.at(-1);
    assert.equal(last?.status, 'completed');
    assert.equal(last?.percent, 100);
    const serialized = stream.events.map((event) => JSON.stringify(event));
    assert.equal(new Set(serialized).size, serialized.length, 'no snapshot is sent twice');
    const percents = stream.events.map((event) => event.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'percent never goes back',
    );
  });

  test('the event stream shows a held clone running, then its end', async () => {
    const { clone, hold } = await startHeldClone('u-amoreno', WEEK1, 'Held for the stream');
    const seen: CloneProgress[] = [];
    const streaming = collectCloneEvents(stack, clone.id, 'u-amoreno', (event) => seen.push(event));
    await hold.reached.passed;
    await waitFor('a snapshot with the storyboard copied', () =>
      seen.find((event) => event.components.storyboard.state === 'done'),
    );
    hold.gate.open();
    const stream = await streaming;
    assert.equal(stream.events.at(-1)?.status, 'completed');
    assert.ok(stream.events.filter((event) => event.status === 'running').length >= 2);
  });

  test('a stranger and an unknown clone get 404 instead of a stream', async () => {
    const roomId = await stack.roomIdByName(WEEK2);
    const clone = (
      await stack.call('POST', `/api/rooms/${roomId}/clones`, { user: 'u-amoreno', body: {} })
    ).body;
    const stranger = await stack.call('GET', `/api/clones/${clone.id}/events`, {
      user: 'u-cliu',
      headers: { accept: 'text/event-stream' },
    });
    assert.equal(stranger.status, 404);
    const unknown = await stack.call('GET', '/api/clones/no-such-clone/events', {
      user: 'u-amoreno',
      headers: { accept: 'text/event-stream' },
    });
    assert.equal(unknown.status, 404);
    await cloneOutcome(stack, clone.id, 'u-amoreno');
  });

  test('cancelling removes the partial room everywhere and tells the initiator', async () => {
    const before = await stack.call('GET', '/api/rooms?courseId=canvas-course-48213', {
      user: 'u-bkeller',
    });
    const { clone, hold } = await startHeldClone('u-bkeller', WEEK1, 'To be cancelled');
    const started = { body: clone };
    const entry = hold;
    await hold.reached.passed;

    const cancel = await stack.call('POST', `/api/clones/${started.body.id}/cancel`, {
      user: 'u-bkeller',
    });
    assert.equal(cancel.status, 202);
    entry.gate.open();
    const outcome = await cloneOutcome(stack, started.body.id, 'u-bkeller');
    assert.equal(outcome.status, 'cancelled');

    const target = outcome.targetRoomId ?? '';
    const rows = await stack.services.db.query<{ status: string }>(
      'SELECT status FROM rooms WHERE id = $1',
      [target],
    );
    assert.equal(rows.rows[0]?.status, 'failed');
    const leftovers = await stack.services.db.query(
      `SELECT 1 FROM assets WHERE room_id = $1 UNION ALL
       SELECT 1 FROM interactions WHERE room_id = $1 UNION ALL
       SELECT 1 FROM course_rooms WHERE room_id = $1`,
      [target],
    );
    assert.equal(leftovers.rows.length, 0);
    const after = await stack.call('GET', '/api/rooms?courseId=canvas-course-48213', {
      user: 'u-bkeller',
    });
    assert.equal(after.body.items.length, before.body.items.length);
    const mine = await stack.call('GET', '/api/rooms', { user: 'u-bkeller' });
    assert.ok(!mine.body.items.some((room: { id: string }) => room.id === target));
    const notes = await stack.call('GET', '/api/notifications', { user: 'u-bkeller' });
    assert.ok(
      notes.body.items.some(
        (note: { cloneId: string; type: string }) =>
          note.cloneId === started.body.id && note.type === 'clone-cancelled',
      ),
    );

    const again = await stack.call('POST', `/api/clones/${started.body.id}/cancel`, {
      user: 'u-bkeller',
    });
    assert.equal(again.status, 409);
  });

  test("lists the caller's clones, filtered by source room and status", async () => {
    const week2 = await stack.roomIdByName(WEEK2);
    const all = await waitFor('the clones in the list', async () => {
      const answer = await stack.call('GET', '/api/clones', { user: 'u-amoreno' });
      return answer.body.items.length >= 3 ? answer.body.items : undefined;
    });
    assert.ok(all.every((clone: CloneProgress) => clone.initiatorId === 'u-amoreno'));

    const fromWeek2 = await stack.call('GET', `/api/clones?sourceRoomId=${week2}`, {
      user: 'u-amoreno',
    });
    assert.ok(fromWeek2.body.items.length >= 2);
    assert.ok(fromWeek2.body.items.every((clone: CloneProgress) => clone.sourceRoomId === week2));

    const cancelled = await stack.call('GET', '/api/clones?status=cancelled', {
      user: 'u-bkeller',
    });
    assert.equal(cancelled.body.items.length, 1);
    assert.equal(cancelled.body.items[0].status, 'cancelled');

    const paged = await stack.call('GET', '/api/clones?limit=1', { user: 'u-amoreno' });
    assert.equal(paged.body.items.length, 1);
    assert.ok(paged.body.nextCursor);
    const next = await stack.call(
      'GET',
      `/api/clones?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`,
      { user: 'u-amoreno' },
    );
    assert.equal(next.body.items.length, 1);
    assert.notEqual(next.body.items[0].id, paged.body.items[0].id);

    const bad = await stack.call('GET', '/api/clones?status=exploded', { user: 'u-amoreno' });
    assert.equal(bad.status, 400);
  });
});
