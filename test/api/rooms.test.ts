import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StoreKind } from '../support/services.js';
import { type ApiAnswer, startTestStack, type TestStack } from '../support/stack.js';

const COURSE = 'canvas-course-48213';
const OWNER = 'u-amoreno';
const EMOJI = '🧫'; // one code point, two UTF-16 units: limits count the former

const fields = (answer: ApiAnswer): string[] =>
  [
    ...new Set<string>((answer.body.errors ?? []).map((error: { field: string }) => error.field)),
  ].sort();

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`rooms, storyboard and interactions through the API on ${kind}`, () => {
    let stack: TestStack;

    before(async () => {
      stack = await startTestStack({ store: kind });
    });
    after(() => stack.stop());

    async function rowCounts() {
      const counts: Record<string, number> = {};
      for (const table of ['rooms', 'course_rooms', 'assets', 'storyboard_items', 'interactions']) {
        const result = await stack.services.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table}`,
        );
        counts[table] = Number(result.rows[0]?.n);
      }
      return counts;
    }

    /** Sends `body`, expects 400 naming exactly `expectedFields`, and that nothing changed. */
    async function assertRefused(
      method: string,
      path: string,
      body: unknown,
      expectedFields: string[],
    ) {
      const before = await rowCounts();
      const snapshot = await stack.services.db.query('SELECT * FROM rooms ORDER BY id');
      const answer = await stack.call(method, path, { user: OWNER, body });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.deepEqual(fields(answer), [...expectedFields].sort(), JSON.stringify(answer.body));
      for (const field of expectedFields) assert.ok(answer.body.detail.includes(field));
      assert.deepEqual(await rowCounts(), before);
      assert.deepEqual(
        (await stack.services.db.query('SELECT * FROM rooms ORDER BY id')).rows,
        snapshot.rows,
      );
    }

    async function createRoom(body: Record<string, unknown> = {}) {
      const answer = await stack.call('POST', '/api/rooms', {
        user: OWNER,
        body: { name: 'A room', lmsCourseId: COURSE, cncEnabled: true, ...body },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body;
    }

    test('creates a ready room owned by the caller and lists it in its course', async () => {
      const settings = { layout: 'grid', chat: { enabled: true } };
      const room = await createRoom({
        name: `Cell biology ${EMOJI}`,
        description: 'Week 3',
        tags: ['bio', 'week-3'],
        settings,
      });
      assert.equal(room.status, 'ready');
      assert.equal(room.ownerId, OWNER);
      assert.deepEqual(room.coEditorIds, []);
      assert.equal(room.parentRoomId, null);
      assert.equal(room.lmsCourseId, COURSE);
      assert.deepEqual(room.settings, settings);

      const read = await stack.call('GET', `/api/rooms/${room.id}`, { user: 'u-dosei' });
      assert.deepEqual(read.body, room);
      const listing = await stack.call('GET', `/api/rooms?courseId=${COURSE}`, { user: 'u-cliu' });
      assert.ok(listing.body.items.some((item: { id: string }) => item.id === room.id));
      const mine = await stack.call('GET', '/api/rooms', { user: OWNER });
      assert.equal(mine.body.items[0].id, room.id, 'newest first');

      const loose = await stack.call('POST', '/api/rooms', {
        user: 'u-stranger',
        body: { name: 'Outside any course' },
      });
      assert.equal(loose.status, 201);
      assert.equal(loose.body.lmsCourseId, null);
      assert.equal(loose.body.cncEnabled, false);
    });

    test('refuses a course the caller is not a member of, creating nothing', async () => {
      const before = await rowCounts();
      for (const lmsCourseId of [COURSE, 'no-such-course']) {
        const answer = await stack.call('POST', '/api/rooms', {
          user: 'u-stranger',
          body: { name: 'Sneaky', lmsCourseId },
        });
        assert.equal(answer.status, 403);
        assert.deepEqual(fields(answer), ['lmsCourseId']);
      }
      assert.deepEqual(await rowCounts(), before);
    });

    test('holds names, descriptions and tags to the limits, counted in code points', async () => {
      const atLimit = await createRoom({
        name: EMOJI.repeat(200),
        description: EMOJI.repeat(5000),
        // 100 code points each; padEnd would count UTF-16 units and could split an emoji.
        tags: Array.from(
          { length: 50 },
          (_, index) => `${index}${EMOJI.repeat(100 - String(index).length)}`,
        ),
      });
      assert.equal(Array.from(atLimit.name).length, 200);
      assert.ok(atLimit.tags.every((tag: string) => Array.from(tag).length === 100));

      await assertRefused('POST', '/api/rooms', { name: EMOJI.repeat(201) }, ['name']);
      await assertRefused('POST', '/api/rooms', { name: '' }, ['name']);
      await assertRefused('POST', '/api/rooms', { name: '   ' }, ['name']);
      await assertRefused('POST', '/api/rooms', { name: 'x', description: 'd'.repeat(5001) }, [
        'description',
      ]);
      await assertRefused(
        'POST',
        '/api/rooms',
        { name: 'x', tags: Array.from({ length: 51 }, (_, index) => `t${index}`) },
        ['tags'],
      );
      await assertRefused('POST', '/api/rooms', { name: 'x', tags: ['ok', '', 'y'.repeat(101)] }, [
        'tags.1',
        'tags.2',
      ]);
      await assertRefused('POST', '/api/rooms', { tags: [] }, ['name']);
      await assertRefused('POST', '/api/rooms', { name: 'x', settings: ['not', 'an', 'object'] }, [
        'settings',
      ]);
    });

    test('refuses unknown fields on every JSON body, naming them', async () => {
      const room = await createRoom();
      await assertRefused('POST', '/api/rooms', { name: 'x', ownerId: 'u-cliu' }, ['ownerId']);
      await assertRefused('PATCH', `/api/rooms/${room.id}`, { name: 'y', status: 'failed' }, [
        'status',
      ]);
      await assertRefused('PUT', `/api/rooms/${room.id}/co-editors`, { userIds: [], all: true }, [
        'all',
      ]);
      await assertRefused(
        'PUT',
        `/api/rooms/${room.id}/storyboard`,
        { items: [{ type: 'slide', title: 'S', colour: 'red' }] },
        ['items.0.colour'],
      );
      await assertRefused(
        'POST',
        `/api/rooms/${room.id}/interactions`,
        { type: 'notification', title: 'N', content: { body: 'b', urgent: true }, pinned: 1 },
        ['content.urgent', 'pinned'],
      );
    });

    test('edits name, description, tags, settings and cncEnabled; an empty edit is refused', async () => {
      const room = await createRoom({ settings: { a: 1, b: 2 } });
      const edited = await stack.call('PATCH', `/api/rooms/${room.id}`, {
        user: 'u-amoreno',
        body: {
          name: 'Renamed',
          description: 'New',
          tags: ['x'],
          settings: { b: 3 },
          cncEnabled: false,
        },
      });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.name, 'Renamed');
      assert.equal(edited.body.description, 'New');
      assert.deepEqual(edited.body.tags, ['x']);
      assert.deepEqual(edited.body.settings, { b: 3 }, 'settings are replaced, not merged');
      assert.equal(edited.body.cncEnabled, false);
      assert.ok(edited.body.updatedAt >= room.updatedAt);

      await assertRefused('PATCH', `/api/rooms/${room.id}`, {}, ['body']);
      await assertRefused('PATCH', `/api/rooms/${room.id}`, { name: EMOJI.repeat(201) }, ['name']);
      const clone = await stack.call('POST', `/api/rooms/${room.id}/clones`, {
        user: OWNER,
        body: {},
      });
      assert.equal(clone.status, 409, 'C&C is now off, so the room cannot be cloned');
    });

    test('a storyboard names only live assets of its own room', async () => {
      const room = await createRoom();
      const other = await createRoom({ name: 'Other room' });
      const ours = await stack.services.store.addAsset(room.id, await fileOf(stack, 'ours'));
      const gone = await stack.services.store.addAsset(room.id, await fileOf(stack, 'gone'));
      const theirs = await stack.services.store.addAsset(other.id, await fileOf(stack, 'theirs'));
      const deleted = await stack.call('DELETE', `/api/rooms/${room.id}/assets/${gone.id}`, {
        user: OWNER,
      });
      assert.equal(deleted.status, 204);

      const path = `/api/rooms/${room.id}/storyboard`;
      await assertRefused(
        'PUT',
        path,
        {
          items: [
            { type: 'asset', assetId: ours.id },
            { type: 'asset', assetId: theirs.id },
            { type: 'slide', title: 'Break' },
            { type: 'asset', assetId: gone.id },
            { type: 'asset', assetId: 'no-such-asset' },
          ],
        },
        ['items.1.assetId', 'items.3.assetId', 'items.4.assetId'],
      );
      await assertRefused('PUT', path, { items: [{ type: 'video', assetId: ours.id }] }, [
        'items.0.type',
      ]);
      await assertRefused('PUT', path, { items: [{ type: 'slide', title: '' }] }, [
        'items.0.title',
      ]);
      await assertRefused('PUT', path, {}, ['items']);

      const items = [
        { type: 'slide', title: 'Welcome', notes: 'Say hello' },
        { type: 'asset', assetId: ours.id },
        { type: 'slide', title: 'No notes' },
      ];
      const replaced = await stack.call('PUT', path, { user: 'u-bkeller', body: { items } });
      assert.equal(replaced.status, 403, 'u-bkeller co-edits nothing here');
      const put = await stack.call('PUT', path, { user: OWNER, body: { items } });
      assert.equal(put.status, 200);
      assert.deepEqual(
        put.body.items.map(({ id: _id, ...item }: { id: string }) => item),
        [
          { type: 'slide', title: 'Welcome', notes: 'Say hello' },
          { type: 'asset', assetId: ours.id },
          { type: 'slide', title: 'No notes', notes: '' },
        ],
      );
      const read = await stack.call('GET', path, { user: 'u-dosei' });
      assert.deepEqual(read.body, put.body);

      // Deleting an asset the storyboard uses is allowed: the item stays.
      await stack.call('DELETE', `/api/rooms/${room.id}/assets/${ours.id}`, { user: OWNER });
      const after = await stack.call('GET', path, { user: OWNER });
      assert.deepEqual(after.body, put.body);
      await assertRefused('PUT', path, { items }, ['items.1.assetId']);
    });

    test('interactions: content checked for its type, status and schedule kept together', async () => {
      const room = await createRoom();
      const path = `/api/rooms/${room.id}/interactions`;
      await assertRefused('POST', path, { type: 'survey', title: 'S', content: {} }, ['type']);
      await assertRefused(
        'POST',
        path,
        { type: 'poll', title: 'P', content: { question: 'Q?', options: ['only one'] } },
        ['content.options'],
      );
      await assertRefused(
        'POST',
        path,
        {
          type: 'quiz',
          title: 'Q',
          content: { questions: [{ text: 'T', choices: ['a', 'b'], answer: 2 }] },
        },
        ['content.questions.0.answer'],
      );
      await assertRefused(
        'POST',
        path,
        { type: 'notification', title: '', content: { body: 'b' } },
        ['title'],
      );
      await assertRefused(
        'POST',
        path,
        { type: 'announcement', title: 'A', status: 'scheduled', content: { body: 'b' } },
        ['scheduledFor'],
      );
      await assertRefused(
        'POST',
        path,
        {
          type: 'announcement',
          title: 'A',
          status: 'published',
          scheduledFor: '2027-01-14T13:00:00Z',
          content: { body: 'b' },
        },
        ['scheduledFor'],
      );
      await assertRefused(
        'POST',
        path,
        {
          type: 'announcement',
          title: 'A',
          status: 'scheduled',
          scheduledFor: 'next tuesday',
          content: { body: 'b' },
        },
        ['scheduledFor'],
      );
      await assertRefused(
        'POST',
        path,
        { type: 'notification', title: 'N', status: 'archived', content: { body: 'b' } },
        ['status'],
      );

      const poll = await stack.call('POST', path, {
        user: OWNER,
        body: { type: 'poll', title: 'P', content: { question: 'Q?', options: ['a', 'b'] } },
      });
      assert.equal(poll.status, 201);
      assert.equal(poll.body.status, 'draft');
      assert.deepEqual(poll.body.content, {
        question: 'Q?',
        options: ['a', 'b'],
        allowMultiple: false,
      });
      assert.equal(poll.body.responseCount, 0);
      const scheduled = await stack.call('POST', path, {
        user: OWNER,
        body: {
          type: 'announcement',
          title: 'Lab moved',
          status: 'scheduled',
          scheduledFor: '2027-01-14T14:00:00+01:00',
          content: { body: 'Room B204' },
        },
      });
      assert.equal(scheduled.status, 201);
      assert.equal(scheduled.body.scheduledFor, '2027-01-14T13:00:00.000Z');

      const listed = await stack.call('GET', path, { user: 'u-dosei' });
      assert.deepEqual(
        listed.body.items.map((item: { id: string }) => item.id),
        [scheduled.body.id, poll.body.id],
      );
      const removed = await stack.call('DELETE', `${path}/${poll.body.id}`, { user: OWNER });
      assert.equal(removed.status, 204);
      const again = await stack.call('DELETE', `${path}/${poll.body.id}`, { user: OWNER });
      assert.equal(again.status, 404);
      const remaining = await stack.call('GET', path, { user: OWNER });
      assert.deepEqual(
        remaining.body.items.map((item: { id: string }) => item.id),
        [scheduled.body.id],
      );
      const elsewhere = await createRoom({ name: 'Elsewhere' });
      const wrongRoom = await stack.call(
        'DELETE',
        `/api/rooms/${elsewhere.id}/interactions/${scheduled.body.id}`,
        { user: OWNER },
      );
      assert.equal(wrongRoom.status, 404, 'an interaction is deleted through its own room');
    });
  });
}

async function fileOf(stack: TestStack, text: string) {
  const { Readable } = await import('node:stream');
  const blob = await stack.services.blobs.put(
    Readable.from([Buffer.from(`${text} ${Math.random()}`)]),
  );
  return { title: text, contentType: 'text/plain', ...blob };
}
