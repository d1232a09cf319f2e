import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { createActivityHooks } from '../support/activity-hooks.js';
import { cloneOutcome } from '../support/clones.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { createGate } from '../support/wait.js';

const WEEK1 = 'BIO 101 — Week 1: The Cell';
const COURSE = 'canvas-course-48213';

describe('clones that meet faults, edits and odd data', () => {
  let stack: TestStack;
  const hooks = createActivityHooks();

  before(async () => {
    stack = await startTestStack({ wrapActivities: hooks.wrap });
  });
  after(() => stack.stop());

  async function requestClone(user: string, roomId: string, body: Record<string, unknown>) {
    const answer = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user,
      body,
    });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    return answer.body;
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const result = await stack.services.db.query<{ n: number }>(sql, params);
    return Number(result.rows[0]?.n);
  }

  async function rowsInRoom(table: string, roomId: string): Promise<number> {
    return count(`SELECT count(*)::int AS n FROM ${table} WHERE room_id = $1`, [roomId]);
  }

  test('transient store failures in a third of activity calls still give exact counts', async () => {
    let calls = 0;
    const failures: string[] = [];
    const failAfterCommit = new WeakSet<object>();
    // Every third call fails, alternately before its write and after it has committed, which
    // is the case a non-idempotent activity would duplicate.
    hooks.onClone('Flaky store', {
      before(activity, request) {
        calls += 1;
        if (calls % 3 !== 0) return;
        if (calls % 6 === 0) {
          failAfterCommit.add(request as object);
          return;
        }
        failures.push(`${activity} before`);
        throw new Error('connection reset by the store (injected)');
      },
      after(activity, request) {
        if (!failAfterCommit.has(request as object)) return;
        failAfterCommit.delete(request as object);
        failures.push(`${activity} after`);
        throw new Error('connection reset after commit (injected)');
      },
    });
    const roomId = await stack.roomIdByName(WEEK1);
    const clone = await requestClone('u-amoreno', roomId, { name: 'Flaky store' });
    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');

    assert.equal(outcome.status, 'completed');
    assert.ok(
      failures.some((failure) => failure.endsWith('after')),
      failures.join(', '),
    );
    assert.ok(
      failures.some((failure) => failure.endsWith('before')),
      failures.join(', '),
    );
    assert.equal(failures.length, Math.floor(calls / 3), 'a third of the calls failed');
    const target = outcome.targetRoomId ?? '';
    assert.equal(await rowsInRoom('assets', target), 5);
    assert.equal(await rowsInRoom('storyboard_items', target), 7);
    assert.equal(await rowsInRoom('interactions', target), 8);
    assert.equal(
      await count('SELECT count(*)::int AS n FROM rooms WHERE clone_id = $1', [clone.id]),
      1,
    );
    assert.equal(
      await count('SELECT count(*)::int AS n FROM course_rooms WHERE room_id = $1', [target]),
      1,
    );
    assert.equal(
      await count('SELECT count(*)::int AS n FROM notifications WHERE clone_id = $1', [clone.id]),
      1,
    );
  });

  test('the new room deleted by its owner mid-clone ends the clone failed and cleaned up', async () => {
    const hold = hooks.holdBefore('Deleted while cloning', 'copyInteractions');
    const roomId = await stack.roomIdByName(WEEK1);
    const clone = await requestClone('u-amoreno', roomId, { name: 'Deleted while cloning' });
    await hold.reached.passed;
    const running = await stack.call<CloneProgress>('GET', `/api/clones/${clone.id}`, {
      user: 'u-amoreno',
    });
    const target = running.body.targetRoomId ?? '';
    const deleted = await stack.call('DELETE', `/api/rooms/${target}`, { user: 'u-amoreno' });
    assert.equal(deleted.status, 204);
    hold.gate.open();

    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /new room was deleted/);
    assert.equal(await rowsInRoom('assets', target), 0, 'its blob references are released');
    assert.equal(await rowsInRoom('course_rooms', target), 0);
    const notes = await stack.call('GET', '/api/notifications', { user: 'u-amoreno' });
    const note = notes.body.items.find((item: { cloneId: string }) => item.cloneId === clone.id);
    assert.equal(note?.type, 'clone-failed');
    assert.match(note?.body ?? '', /new room was deleted/);
  });

  test('a source whose media can no longer be read fails with the reason', async () => {
    const room = await stack.services.store.createRoom({
      name: 'Room with lost media',
      ownerId: 'u-amoreno',
      cncEnabled: true,
      lmsCourseId: COURSE,
    });
    const blob = await stack.services.blobs.put(Readable.from([randomBytes(64)]));
    await stack.services.store.addAsset(room.id, {
      title: 'Lost',
      contentType: 'application/octet-stream',
      ...blob,
    });
    const blobPath = path.join(
      stack.services.blobs.root,
      blob.sha256.slice(0, 2),
      blob.sha256.slice(2),
    );
    await rm(blobPath);

    const clone = await requestClone('u-amoreno', room.id, {});
    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /can no longer be read/);
    const failedRoom = await stack.services.db.query<{ status: string; listed: boolean }>(
      `SELECT status, EXISTS (SELECT 1 FROM course_rooms c WHERE c.room_id = r.id) AS listed
       FROM rooms r WHERE clone_id = $1`,
      [clone.id],
    );
    assert.deepEqual(failedRoom.rows[0], { status: 'failed', listed: false });
  });

  test('deleting the source mid-clone is not a failure: the clone completes, media included', async () => {
    const hold = hooks.holdBefore('Source deleted', 'copyAssets');
    const roomId = await stack.roomIdByName(WEEK1);
    const source = await stack.services.store.requireRoom(roomId);
    const clone = await requestClone('u-amoreno', roomId, { name: 'Source deleted' });
    await hold.reached.passed;
    const deleted = await stack.call('DELETE', `/api/rooms/${roomId}`, { user: 'u-amoreno' });
    assert.equal(deleted.status, 204);
    hold.gate.open();

    try {
      const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
      assert.equal(outcome.status, 'completed');
      const assets = await stack.call('GET', `/api/rooms/${outcome.targetRoomId}/assets`, {
        user: 'u-amoreno',
      });
      assert.equal(assets.body.items.length, 5);
      for (const asset of assets.body.items) {
        const content = await fetch(`${stack.baseUrl}/api/assets/${asset.id}/content`, {
          headers: { authorization: `Bearer ${await stack.token('u-amoreno')}` },
        });
        assert.equal(content.status, 200);
        assert.equal((await content.arrayBuffer()).byteLength, asset.size);
      }
    } finally {
      // Later tests clone week 1 again: bring the room back as the fixture has it.
      await stack.services.db.query('UPDATE rooms SET deleted_at = NULL WHERE id = $1', [roomId]);
      assert.equal((await stack.services.store.requireRoom(roomId)).name, source.name);
    }
  });

  test("a running clone keeps its source's media alive; its end frees what nothing uses", async () => {
    const room = await stack.services.store.createRoom({
      name: 'Room whose media goes',
      ownerId: 'u-amoreno',
      cncEnabled: true,
      lmsCourseId: COURSE,
    });
    const blob = await stack.services.blobs.put(Readable.from([randomBytes(128)]));
    const asset = await stack.services.store.addAsset(room.id, {
      title: 'Only here',
      contentType: 'application/octet-stream',
      ...blob,
    });
    const hold = hooks.holdBefore('Settings only', 'copyInteractions');
    const clone = await requestClone('u-amoreno', room.id, {
      name: 'Settings only',
      components: { assets: false, storyboard: false },
    });
    await hold.reached.passed;

    const deleted = await stack.call('DELETE', `/api/rooms/${room.id}/assets/${asset.id}`, {
      user: 'u-amoreno',
    });
    assert.equal(deleted.status, 204);
    assert.equal(await stack.services.blobs.has(blob.sha256), true, 'pinned by the running clone');
    hold.gate.open();

    assert.equal((await cloneOutcome(stack, clone.id, 'u-amoreno')).status, 'completed');
    assert.equal(await stack.services.blobs.has(blob.sha256), false, 'freed once the clone ended');
    assert.equal(
      await count('SELECT count(*)::int AS n FROM blobs WHERE sha256 = $1', [blob.sha256]),
      0,
    );
  });

  test('a cancel that arrives after the completion committed leaves a completed clone', async () => {
    const committed = createGate();
    const release = createGate();
    hooks.onClone('Cancelled too late', {
      async after(activity) {
        if (activity !== 'completeClone') return;
        committed.open();
        await release.passed;
      },
    });
    const roomId = await stack.roomIdByName(WEEK1);
    const clone = await requestClone('u-amoreno', roomId, { name: 'Cancelled too late' });
    await committed.passed;
    const cancel = await stack.call('POST', `/api/clones/${clone.id}/cancel`, {
      user: 'u-amoreno',
    });
    assert.equal(cancel.status, 202);
    release.open();

    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed', 'the clone reports what the store holds');
    const target = outcome.targetRoomId ?? '';
    assert.equal((await stack.services.store.requireRoom(target)).status, 'ready');
    assert.equal(await rowsInRoom('course_rooms', target), 1);
    const notes = await stack.services.db.query<{ type: string }>(
      'SELECT type FROM notifications WHERE clone_id = $1',
      [clone.id],
    );
    assert.deepEqual(
      notes.rows.map((row) => row.type),
      ['clone-completed'],
    );
    const listed = await stack.call('GET', '/api/clones?status=completed', { user: 'u-amoreno' });
    assert.ok(listed.body.items.some((item: CloneProgress) => item.id === clone.id));
  });

  test('the clone copies the source as it stood when the clone began', async () => {
    const room = await stack.services.store.createRoom({
      name: 'Snapshot source',
      ownerId: 'u-amoreno',
      cncEnabled: true,
      lmsCourseId: COURSE,
      settings: { layout: 'grid' },
    });
    const blob = await stack.services.blobs.put(Readable.from([Buffer.from('slide one')]));
    const asset = await stack.services.store.addAsset(room.id, {
      title: 'Slide one',
      contentType: 'text/plain',
      ...blob,
    });
    await stack.services.store.replaceStoryboard(room.id, [
      { type: 'asset', assetId: asset.id },
      { type: 'slide', title: 'Original', notes: '' },
    ]);
    const kept = await stack.services.store.createInteraction(room.id, {
      type: 'announcement',
      title: 'Deleted after the clone began',
      content: { body: 'still copied' },
    });

    const hold = hooks.holdBefore('Snapshot copy', 'copyAssets');
    const clone = await requestClone('u-amoreno', room.id, { name: 'Snapshot copy' });
    await hold.reached.passed;
    const late = await stack.services.blobs.put(Readable.from([Buffer.from('late slide')]));
    await stack.services.store.addAsset(room.id, {
      title: 'Added late',
      contentType: 'text/plain',
      ...late,
    });
    await stack.services.store.createInteraction(room.id, {
      type: 'announcement',
      title: 'Added late',
      content: { body: 'not copied' },
    });
    await stack.services.store.softDeleteInteraction(room.id, kept.id);
    await stack.services.store.replaceStoryboard(room.id, [
      { type: 'slide', title: 'Replaced', notes: '' },
    ]);
    await stack.services.db.query(
      `UPDATE rooms SET settings = '{"layout":"changed"}' WHERE id = $1`,
      [room.id],
    );
    hold.gate.open();

    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    const target = outcome.targetRoomId ?? '';
    const copied = await stack.services.store.listAssets(target, { limit: 10 });
    assert.deepEqual(
      copied.items.map((item) => item.title),
      ['Slide one'],
    );
    const interactions = await stack.services.store.listInteractions(target, { limit: 10 });
    assert.deepEqual(
      interactions.items.map((item) => item.title),
      ['Deleted after the clone began'],
    );
    const storyboard = await stack.services.store.getStoryboard(target);
    assert.deepEqual(
      storyboard.items.map((item) => item.type),
      ['asset', 'slide'],
      'the storyboard as it stood, not the replacement',
    );
    assert.deepEqual((await stack.services.store.requireRoom(target)).settings, { layout: 'grid' });
  });

  test('items that cannot be copied as they are are listed in issues, and the notification says so', async () => {
    const room = await stack.services.store.createRoom({
      name: 'Room with odd items',
      ownerId: 'u-amoreno',
      cncEnabled: true,
      lmsCourseId: COURSE,
    });
    const blob = await stack.services.blobs.put(Readable.from([Buffer.from('gone soon')]));
    const asset = await stack.services.store.addAsset(room.id, {
      title: 'Gone',
      contentType: 'text/plain',
      ...blob,
    });
    await stack.services.store.replaceStoryboard(room.id, [
      { type: 'asset', assetId: asset.id },
      { type: 'slide', title: 'Stays', notes: '' },
    ]);
    await stack.services.store.softDeleteAsset(room.id, asset.id);
    const brokenPoll = await stack.services.store.createInteraction(room.id, {
      type: 'poll',
      title: 'One option only',
      content: { question: 'Yes?', options: ['Yes'] },
    });
    const unknownType = await stack.services.store.createInteraction(room.id, {
      type: 'wordcloud',
      title: 'Not known to this version',
      content: { prompt: 'One word' },
    });
    await stack.services.store.createInteraction(room.id, {
      type: 'notification',
      title: 'Fine',
      content: { body: 'copied' },
    });

    const clone = await requestClone('u-amoreno', room.id, {});
    const outcome = await cloneOutcome(stack, clone.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    const byComponent = outcome.issues.map((issue) => [issue.component, issue.sourceId]).sort();
    const storyboardItem = (
      await stack.services.db.query<{ id: string }>(
        "SELECT id FROM storyboard_items WHERE room_id = $1 AND type = 'asset'",
        [room.id],
      )
    ).rows[0]?.id;
    assert.deepEqual(
      byComponent,
      [
        ['interactions', brokenPoll.id],
        ['interactions', unknownType.id],
        ['storyboard', storyboardItem],
      ].sort(),
    );
    assert.ok(outcome.issues.every((issue) => issue.reason.length > 10));
    const target = outcome.targetRoomId ?? '';
    const storyboard = await stack.services.store.getStoryboard(target);
    assert.deepEqual(
      storyboard.items.map((item) => item.type),
      ['slide'],
    );
    const notes = await stack.call('GET', '/api/notifications', { user: 'u-amoreno' });
    const note = notes.body.items.find((item: { cloneId: string }) => item.cloneId === clone.id);
    assert.equal(note?.type, 'clone-completed-partially');
    assert.match(note?.body ?? '', /3 item\(s\) could not be copied/);
  });

  test('the request chooses components; settings always come along', async () => {
    const roomId = await stack.roomIdByName(WEEK1);
    const noInteractions = await requestClone('u-amoreno', roomId, {
      components: { interactions: false },
    });
    const outcome = await cloneOutcome(stack, noInteractions.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.components.interactions.state, 'skipped');
    assert.equal(await rowsInRoom('interactions', outcome.targetRoomId ?? ''), 0);
    assert.equal(await rowsInRoom('assets', outcome.targetRoomId ?? ''), 5);
    const target = await stack.services.store.requireRoom(outcome.targetRoomId ?? '');
    assert.equal(target.settings.layout, 'presenter-focus');

    const storyboardAlone = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { components: { assets: false } },
    });
    assert.equal(storyboardAlone.status, 400);
    assert.match(storyboardAlone.body.detail, /storyboard cannot be copied without its assets/);

    const settingsAndInteractions = await requestClone('u-amoreno', roomId, {
      components: { assets: false, storyboard: false },
    });
    const second = await cloneOutcome(stack, settingsAndInteractions.id, 'u-amoreno');
    assert.equal(second.status, 'completed');
    assert.equal(await rowsInRoom('assets', second.targetRoomId ?? ''), 0);
    assert.equal(await rowsInRoom('interactions', second.targetRoomId ?? ''), 8);
  });

  test('50 concurrent requests with one Idempotency-Key make one clone', async () => {
    const roomId = await stack.roomIdByName(WEEK1);
    const key = `double-click-${randomBytes(4).toString('hex')}`;
    const body = { name: 'Clicked fifty times' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
          user: 'u-amoreno',
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [202]);
    const ids = new Set(answers.map((answer) => answer.body.id));
    assert.equal(ids.size, 1);
    const [cloneId] = [...ids];
    const outcome = await cloneOutcome(stack, cloneId ?? '', 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    assert.equal(
      await count('SELECT count(*)::int AS n FROM rooms WHERE clone_id = $1', [cloneId]),
      1,
    );

    const again = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(again.status, 202);
    assert.equal(again.body.id, cloneId);
    assert.equal(again.body.status, 'completed', 'answers like the first request did');

    const changed = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { name: 'Something else' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(changed.status, 409);

    const otherUser = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-bkeller',
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(otherUser.status, 202);
    assert.notEqual(otherUser.body.id, cloneId, "another user's key is another clone");
    await cloneOutcome(stack, otherUser.body.id, 'u-bkeller');
  });
});
