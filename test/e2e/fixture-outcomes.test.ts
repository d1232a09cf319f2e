import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { cloneOutcome } from '../support/clones.js';
import { SAMPLE_FIXTURE } from '../support/paths.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { createGate, waitFor } from '../support/wait.js';

const COURSE = 'canvas-course-48213';
const WEEK1 = 'BIO 101 — Week 1: The Cell';
const WEEK2 = 'Biología 101 — Semana 2: Membranas 🧫';
const OFFICE_HOURS = 'BIO 101 — Office Hours';

interface FixtureRoom {
  name: string;
  assets: { key: string; title: string; file: string; deleted?: boolean }[];
  storyboard: (
    | { type: 'asset'; asset: string }
    | { type: 'slide'; title: string; notes: string }
  )[];
  interactions: { title: string; deleted?: boolean; content: unknown }[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// Every row of the outcome table in shared/fixtures/README.md, through real HTTP.
describe('cloning the sample course through the API', () => {
  let stack: TestStack;
  let fixture: { rooms: FixtureRoom[] };
  const held = { gate: createGate(), reached: createGate(), active: false };

  before(async () => {
    fixture = JSON.parse(await readFile(SAMPLE_FIXTURE, 'utf8'));
    stack = await startTestStack({
      wrapActivities: (activities) => ({
        ...activities,
        async copyInteractions(request) {
          if (held.active) {
            held.reached.open();
            await held.gate.passed;
          }
          return activities.copyInteractions(request);
        },
      }),
    });
  });
  after(() => stack.stop());

  async function roomCount(): Promise<number> {
    const result = await stack.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rooms',
    );
    return Number(result.rows[0]?.n);
  }

  async function startClone(user: string, roomName: string, body: unknown = {}) {
    const roomId = await stack.roomIdByName(roomName);
    return stack.call('POST', `/api/rooms/${roomId}/clones`, { user, body });
  }

  /** Checks a finished clone of `roomName` against the fixture, row by row of the table. */
  async function assertFaithfulClone(clone: CloneProgress, roomName: string, user: string) {
    const fixtureRoom = fixture.rooms.find((room) => room.name === roomName);
    assert.ok(fixtureRoom);
    assert.equal(clone.status, 'completed');
    assert.deepEqual(clone.issues, []);
    const sourceId = await stack.roomIdByName(roomName);
    const source = (await stack.call('GET', `/api/rooms/${sourceId}`, { user })).body;
    const room = (await stack.call('GET', `/api/rooms/${clone.targetRoomId}`, { user })).body;

    assert.equal(room.name, `Cloned - ${roomName}`);
    assert.equal(room.ownerId, user);
    assert.deepEqual(room.coEditorIds, []);
    assert.equal(room.parentRoomId, sourceId);
    assert.equal(room.status, 'ready');
    assert.equal(room.description, source.description);
    assert.deepEqual(room.tags, source.tags);
    assert.deepEqual(room.settings, source.settings);
    assert.equal(room.cncEnabled, source.cncEnabled);

    // Assets: the non-deleted ones, byte-identical to the fixture's files.
    const assets = (await stack.call('GET', `/api/rooms/${room.id}/assets`, { user })).body.items;
    const liveAssets = fixtureRoom.assets.filter((asset) => !asset.deleted);
    assert.equal(assets.length, liveAssets.length);
    for (const expected of liveAssets) {
      const copy = assets.find((asset: { title: string }) => asset.title === expected.title);
      assert.ok(copy, `asset ${expected.title} copied`);
      const file = await readFile(path.resolve(path.dirname(SAMPLE_FIXTURE), expected.file));
      const download = await fetch(`${stack.baseUrl}/api/assets/${copy.id}/content`, {
        headers: { authorization: `Bearer ${await stack.token(user)}` },
      });
      assert.equal(download.status, 200);
      const bytes = new Uint8Array(await download.arrayBuffer());
      assert.equal(sha256(bytes), sha256(file), `${expected.title} is byte-identical`);
      assert.equal(copy.sha256, sha256(file));
    }

    // Storyboard: same order; asset items point at this room's copies of the same assets.
    const storyboard = (await stack.call('GET', `/api/rooms/${room.id}/storyboard`, { user })).body;
    assert.equal(storyboard.items.length, fixtureRoom.storyboard.length);
    fixtureRoom.storyboard.forEach((expected, index) => {
      const item = storyboard.items[index];
      assert.equal(item.type, expected.type);
      if (expected.type === 'slide') {
        assert.equal(item.title, expected.title);
        assert.equal(item.notes, expected.notes);
        return;
      }
      const title = fixtureRoom.assets.find((asset) => asset.key === expected.asset)?.title;
      const pointed = assets.find((asset: { id: string }) => asset.id === item.assetId);
      assert.ok(pointed, `storyboard item ${index} points at an asset of the new room`);
      assert.equal(pointed.title, title);
    });

    // Interactions: the non-deleted ones, as drafts, content equal, no responses or schedule.
    const interactions = (await stack.call('GET', `/api/rooms/${room.id}/interactions`, { user }))
      .body.items;
    const liveInteractions = fixtureRoom.interactions.filter((item) => !item.deleted);
    assert.equal(interactions.length, liveInteractions.length);
    for (const expected of liveInteractions) {
      const copy = interactions.find((item: { title: string }) => item.title === expected.title);
      assert.ok(copy, `interaction ${expected.title} copied`);
      assert.equal(copy.status, 'draft');
      assert.deepEqual(copy.content, expected.content);
      assert.equal(copy.responseCount, 0);
      assert.equal(copy.scheduledFor, null);
    }

    // Listed in the course under its new name; the initiator is told, with a link.
    const listing = (await stack.call('GET', `/api/rooms?courseId=${COURSE}`, { user })).body;
    assert.ok(listing.items.some((item: { id: string; name: string }) => item.id === room.id));
    const notes = (await stack.call('GET', '/api/notifications', { user })).body.items;
    const note = notes.find((item: { cloneId: string }) => item.cloneId === clone.id);
    assert.ok(note, 'the initiator has a notification');
    assert.equal(note.roomId, room.id);
    assert.match(note.link, new RegExp(room.id));
    return room;
  }

  test('bio101-week1 by its owner u-amoreno: a faithful copy she owns', async () => {
    const started = await startClone('u-amoreno', WEEK1);
    assert.equal(started.status, 202);
    assert.equal(started.headers.get('location'), `/api/clones/${started.body.id}`);
    const clone = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    await assertFaithfulClone(clone, WEEK1, 'u-amoreno');
  });

  test('bio101-week1 by its co-editor u-bkeller: the same, owned by u-bkeller alone', async () => {
    const started = await startClone('u-bkeller', WEEK1);
    assert.equal(started.status, 202);
    const clone = await cloneOutcome(stack, started.body.id, 'u-bkeller');
    const room = await assertFaithfulClone(clone, WEEK1, 'u-bkeller');
    assert.equal(room.ownerId, 'u-bkeller');
    assert.ok(!room.coEditorIds.includes('u-amoreno'));
    const seenByAna = await stack.call('GET', `/api/rooms/${room.id}`, { user: 'u-amoreno' });
    assert.equal(seenByAna.body.ownerId, 'u-bkeller');
    assert.deepEqual(seenByAna.body.coEditorIds, []);
  });

  for (const user of ['u-cliu', 'u-dosei']) {
    test(`bio101-week1 by ${user}: refused with 403, nothing created`, async () => {
      const before = await roomCount();
      const answer = await startClone(user, WEEK1);
      assert.equal(answer.status, 403);
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(answer.body.detail, /owner or a co-editor/);
      assert.equal(await roomCount(), before);
    });
  }

  test('bio101-week2 by u-amoreno: 3 assets, 4 items, 5 drafts; accents and emoji kept', async () => {
    const started = await startClone('u-amoreno', WEEK2);
    const clone = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    const room = await assertFaithfulClone(clone, WEEK2, 'u-amoreno');
    assert.equal(room.name, 'Cloned - Biología 101 — Semana 2: Membranas 🧫');
    assert.deepEqual([clone.components.assets.done, clone.components.storyboard.done], [3, 4]);
    assert.equal(clone.components.interactions.done, 5);
  });

  test('bio101-office-hours by u-bkeller: refused with 409, C&C is off, nothing created', async () => {
    const before = await roomCount();
    const answer = await startClone('u-bkeller', OFFICE_HOURS);
    assert.equal(answer.status, 409);
    assert.match(answer.body.detail, /chat and collaboration is not enabled/);
    assert.equal(await roomCount(), before);
  });

  test('no token is 401, a stranger is 404, a bad body is 400: nothing created', async () => {
    const roomId = await stack.roomIdByName(WEEK1);
    const before = await roomCount();
    const anonymous = await stack.call('POST', `/api/rooms/${roomId}/clones`, { body: {} });
    assert.equal(anonymous.status, 401);
    const forged = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      body: {},
      headers: { authorization: 'Bearer not.a.token' },
    });
    assert.equal(forged.status, 401);
    const stranger = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-outsider',
      body: {},
    });
    assert.equal(stranger.status, 404);
    const invalid = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { name: '', tags: 'not-a-list', owner: 'u-cliu' },
    });
    assert.equal(invalid.status, 400);
    const fields = invalid.body.errors.map((error: { field: string }) => error.field);
    assert.ok(fields.includes('name'), `fields: ${fields}`);
    assert.ok(fields.includes('tags'), `fields: ${fields}`);
    assert.ok(fields.includes('owner'), `fields: ${fields}`);
    assert.equal(await roomCount(), before);
  });

  test('reading a running clone shows its progress; an edit mid-clone lands in the room', async () => {
    held.active = true;
    const started = await startClone('u-amoreno', WEEK1, { name: 'Week 1 — spring' });
    await held.reached.passed;

    const running = await waitFor('assets and storyboard to be copied', async () => {
      const answer = await stack.call<CloneProgress>('GET', `/api/clones/${started.body.id}`, {
        user: 'u-amoreno',
      });
      return answer.body.components.storyboard.state === 'done' ? answer.body : undefined;
    });
    assert.equal(running.status, 'running');
    assert.equal(running.components.assets.done, 5);
    assert.equal(running.components.interactions.state, 'running');
    assert.ok(running.percent > 0 && running.percent < 100, `percent ${running.percent}`);

    const edit = await stack.call<CloneProgress>(
      'PATCH',
      `/api/clones/${started.body.id}/metadata`,
      { user: 'u-amoreno', body: { description: 'Edited mid-clone', tags: ['spring'] } },
    );
    assert.equal(edit.status, 200);
    assert.equal(edit.body.metadata.description, 'Edited mid-clone');
    const someoneElse = await stack.call('PATCH', `/api/clones/${started.body.id}/metadata`, {
      user: 'u-bkeller',
      body: { name: 'Mine now' },
    });
    assert.equal(someoneElse.status, 404);

    held.gate.open();
    held.active = false;
    const clone = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    assert.equal(clone.status, 'completed');
    const room = (
      await stack.call('GET', `/api/rooms/${clone.targetRoomId}`, { user: 'u-amoreno' })
    ).body;
    assert.equal(room.name, 'Week 1 — spring');
    assert.equal(room.description, 'Edited mid-clone');
    assert.deepEqual(room.tags, ['spring']);

    const late = await stack.call('PATCH', `/api/clones/${started.body.id}/metadata`, {
      user: 'u-amoreno',
      body: { name: 'Too late' },
    });
    assert.equal(late.status, 409);
  });
});
