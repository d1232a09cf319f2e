import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { signToken } from '../../src/api/auth.js';
import { cloneOutcome } from '../support/clones.js';
import type { ApiAnswer, TestStack } from '../support/stack.js';
import { startTestStack } from '../support/stack.js';

const COURSE = 'canvas-course-48213';
const USERS = {
  owner: 'u-amoreno',
  'co-editor': 'u-bkeller',
  member: 'u-dosei',
  stranger: 'u-stranger',
} as const;
type Principal = keyof typeof USERS;
const PRINCIPALS = Object.keys(USERS) as Principal[];

/** A room of the sample course with one of everything, made fresh for each call that edits. */
interface RoomFixture {
  roomId: string;
  assetId: string;
  interactionId: string;
}

interface Auth {
  user?: string | null;
  authorization?: string;
}

interface RouteCase {
  route: string;
  send(stack: TestStack, room: RoomFixture, auth: Auth): Promise<ApiAnswer>;
  expected: Record<Principal, number>;
  /** Whether a successful call changes the store (so a refused one must leave it as it was). */
  writes: boolean;
}

function json(method: string, path: (room: RoomFixture) => string, body?: unknown) {
  return (stack: TestStack, room: RoomFixture, auth: Auth) =>
    stack.call(method, path(room), {
      user: auth.user ?? null,
      body,
      headers: auth.authorization ? { authorization: auth.authorization } : {},
    });
}

async function upload(stack: TestStack, room: RoomFixture, auth: Auth): Promise<ApiAnswer> {
  const form = new FormData();
  form.append('title', 'Matrix upload');
  form.append('file', new Blob([`bytes for ${randomUUID()}`], { type: 'text/plain' }), 'a.txt');
  const response = await stack.fetch(`/api/rooms/${room.roomId}/assets`, {
    method: 'POST',
    body: form,
    user: auth.user ?? null,
    headers: auth.authorization ? { authorization: auth.authorization } : {},
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text && JSON.parse(text) };
}

const everyone = (status: number) => ({
  owner: status,
  'co-editor': status,
  member: status,
  stranger: status,
});
const readable = { owner: 200, 'co-editor': 200, member: 200, stranger: 404 };
const editable = (status: number) => ({
  owner: status,
  'co-editor': status,
  member: 403,
  stranger: 404,
});
const ownerOnly = (status: number) => ({
  owner: status,
  'co-editor': 403,
  member: 403,
  stranger: 404,
});

const ROUTES: RouteCase[] = [
  {
    route: 'GET /api/rooms',
    send: json('GET', () => '/api/rooms'),
    expected: everyone(200),
    writes: false,
  },
  {
    route: 'GET /api/rooms?courseId',
    send: json('GET', () => `/api/rooms?courseId=${COURSE}`),
    expected: readable,
    writes: false,
  },
  {
    route: 'POST /api/rooms (in the course)',
    send: json('POST', () => '/api/rooms', { name: 'Matrix room', lmsCourseId: COURSE }),
    expected: { owner: 201, 'co-editor': 201, member: 201, stranger: 403 },
    writes: true,
  },
  {
    route: 'GET /api/rooms/:roomId',
    send: json('GET', (room) => `/api/rooms/${room.roomId}`),
    expected: readable,
    writes: false,
  },
  {
    route: 'PATCH /api/rooms/:roomId',
    send: json('PATCH', (room) => `/api/rooms/${room.roomId}`, { name: 'Renamed' }),
    expected: editable(200),
    writes: true,
  },
  {
    route: 'DELETE /api/rooms/:roomId',
    send: json('DELETE', (room) => `/api/rooms/${room.roomId}`),
    expected: ownerOnly(204),
    writes: true,
  },
  {
    route: 'PUT /api/rooms/:roomId/co-editors',
    send: json('PUT', (room) => `/api/rooms/${room.roomId}/co-editors`, {
      userIds: ['u-bkeller', 'u-cliu'],
    }),
    expected: ownerOnly(200),
    writes: true,
  },
  {
    route: 'GET /api/rooms/:roomId/assets',
    send: json('GET', (room) => `/api/rooms/${room.roomId}/assets`),
    expected: readable,
    writes: false,
  },
  {
    route: 'POST /api/rooms/:roomId/assets',
    send: upload,
    expected: editable(201),
    writes: true,
  },
  {
    route: 'GET /api/assets/:assetId/content',
    send: json('GET', (room) => `/api/assets/${room.assetId}/content`),
    expected: readable,
    writes: false,
  },
  {
    route: 'DELETE /api/rooms/:roomId/assets/:assetId',
    send: json('DELETE', (room) => `/api/rooms/${room.roomId}/assets/${room.assetId}`),
    expected: editable(204),
    writes: true,
  },
  {
    route: 'GET /api/rooms/:roomId/storyboard',
    send: json('GET', (room) => `/api/rooms/${room.roomId}/storyboard`),
    expected: readable,
    writes: false,
  },
  {
    route: 'PUT /api/rooms/:roomId/storyboard',
    send: (stack, room, auth) =>
      json('PUT', () => `/api/rooms/${room.roomId}/storyboard`, {
        items: [
          { type: 'slide', title: 'Only slide' },
          { type: 'asset', assetId: room.assetId },
        ],
      })(stack, room, auth),
    expected: editable(200),
    writes: true,
  },
  {
    route: 'GET /api/rooms/:roomId/interactions',
    send: json('GET', (room) => `/api/rooms/${room.roomId}/interactions`),
    expected: readable,
    writes: false,
  },
  {
    route: 'POST /api/rooms/:roomId/interactions',
    send: json('POST', (room) => `/api/rooms/${room.roomId}/interactions`, {
      type: 'announcement',
      title: 'Matrix announcement',
      content: { body: 'Hello' },
    }),
    expected: editable(201),
    writes: true,
  },
  {
    route: 'DELETE /api/rooms/:roomId/interactions/:interactionId',
    send: json('DELETE', (room) => `/api/rooms/${room.roomId}/interactions/${room.interactionId}`),
    expected: editable(204),
    writes: true,
  },
  {
    route: 'POST /api/rooms/:roomId/clones',
    send: json('POST', (room) => `/api/rooms/${room.roomId}/clones`, {}),
    expected: editable(202),
    writes: true,
  },
  {
    route: 'GET /api/notifications',
    send: json('GET', () => '/api/notifications'),
    expected: everyone(200),
    writes: false,
  },
];

describe('access control on every room route', () => {
  let stack: TestStack;

  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  async function freshRoom(): Promise<RoomFixture> {
    const { store, blobs } = stack.services;
    const room = await store.createRoom({
      name: 'Access matrix room',
      ownerId: USERS.owner,
      coEditorIds: [USERS['co-editor']],
      cncEnabled: true,
      lmsCourseId: COURSE,
    });
    const blob = await blobs.put(Readable.from([Buffer.from(`media of ${room.id}`)]));
    const asset = await store.addAsset(room.id, {
      title: 'Handout',
      contentType: 'text/plain',
      ...blob,
    });
    await store.replaceStoryboard(room.id, [{ type: 'asset', assetId: asset.id }]);
    const interaction = await store.createInteraction(room.id, {
      type: 'notification',
      title: 'Starting soon',
      content: { body: 'Join now' },
    });
    return { roomId: room.id, assetId: asset.id, interactionId: interaction.id };
  }

  /** Everything a route could change, as rows: a refused call must leave all of it equal. */
  async function storeState(): Promise<string> {
    const tables = [
      'rooms',
      'room_co_editors',
      'course_rooms',
      'blobs',
      'assets',
      'storyboard_items',
      'interactions',
      'clone_runs',
    ];
    const parts: unknown[] = [];
    for (const table of tables) {
      const rows = await stack.services.db.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
      parts.push(rows.rows);
    }
    return JSON.stringify(parts);
  }

  async function settle(answer: ApiAnswer, user: string) {
    if (answer.status === 202) await cloneOutcome(stack, answer.body.id, user);
  }

  for (const route of ROUTES) {
    test(`${route.route}: no, expired and forged tokens answer 401, changing nothing`, async () => {
      const room = await freshRoom();
      const expired = await stack.token(USERS.owner, Math.floor(Date.now() / 1000) - 60);
      const forged = await signToken(
        new TextEncoder().encode('not-the-secret-not-the-secret-not!'),
        USERS.owner,
      );
      const before = await storeState();
      const attempts = [
        { authorization: undefined, detail: /send Authorization/ },
        { authorization: `Bearer ${expired}`, detail: /expired/ },
        { authorization: `Bearer ${forged}`, detail: /not valid/ },
      ];
      for (const { authorization, detail } of attempts) {
        const answer = await route.send(stack, room, { user: null, authorization });
        assert.equal(answer.status, 401, `${authorization ?? 'no token'}`);
        assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.match(answer.body.detail, detail);
      }
      assert.equal(await storeState(), before);
    });

    const expectation = PRINCIPALS.map((who) => `${who} ${route.expected[who]}`).join(', ');
    test(`${route.route}: ${expectation}`, async () => {
      for (const principal of PRINCIPALS) {
        const room = await freshRoom();
        const user = USERS[principal];
        const before = await storeState();
        const answer = await route.send(stack, room, { user });
        const expected = route.expected[principal];
        assert.equal(answer.status, expected, `${principal}: ${JSON.stringify(answer.body)}`);
        await settle(answer, user);

        if (expected >= 400) {
          assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
          assert.equal(await storeState(), before, `${principal}'s refused call changed nothing`);
        } else if (route.writes) {
          assert.notEqual(await storeState(), before, `${principal}'s call changed the store`);
        }
      }
    });
  }

  test('a stranger cannot tell a room it may not see from one that does not exist', async () => {
    const room = await freshRoom();
    const missing = await stack.call('GET', `/api/rooms/${randomUUID()}`, { user: USERS.member });
    const hidden = await stack.call('GET', `/api/rooms/${room.roomId}`, { user: USERS.stranger });
    assert.equal(missing.status, 404);
    assert.equal(hidden.status, 404);
    assert.equal(hidden.body.title, missing.body.title);
    const seen = await stack.call('GET', `/api/rooms/${room.roomId}`, { user: USERS.member });
    assert.equal(seen.body.ownerId, USERS.owner);
  });

  test('co-editors set by the owner may edit; one taken off again may not', async () => {
    const room = await freshRoom();
    const set = await stack.call('PUT', `/api/rooms/${room.roomId}/co-editors`, {
      user: USERS.owner,
      body: { userIds: ['u-cliu'] },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body.coEditorIds, ['u-cliu']);

    const byChen = await stack.call('PATCH', `/api/rooms/${room.roomId}`, {
      user: 'u-cliu',
      body: { description: 'Chen was here' },
    });
    assert.equal(byChen.status, 200);
    const byBen = await stack.call('PATCH', `/api/rooms/${room.roomId}`, {
      user: USERS['co-editor'],
      body: { description: 'Ben was here' },
    });
    assert.equal(byBen.status, 403, 'Ben is no longer a co-editor, only a course member');

    const ownerListed = await stack.call('PUT', `/api/rooms/${room.roomId}/co-editors`, {
      user: USERS.owner,
      body: { userIds: ['u-cliu', USERS.owner] },
    });
    assert.equal(ownerListed.status, 400);
    assert.deepEqual(
      ownerListed.body.errors.map((error: { field: string }) => error.field),
      ['userIds.1'],
    );
  });

  test('a deleted room answers 404 to everyone and leaves every listing', async () => {
    const room = await freshRoom();
    const deleted = await stack.call('DELETE', `/api/rooms/${room.roomId}`, { user: USERS.owner });
    assert.equal(deleted.status, 204);
    for (const user of Object.values(USERS)) {
      const answer = await stack.call('GET', `/api/rooms/${room.roomId}`, { user });
      assert.equal(answer.status, 404);
    }
    const again = await stack.call('DELETE', `/api/rooms/${room.roomId}`, { user: USERS.owner });
    assert.equal(again.status, 404);
    const download = await stack.call('GET', `/api/assets/${room.assetId}/content`, {
      user: USERS.owner,
    });
    assert.equal(download.status, 404);

    const mine = await stack.call('GET', '/api/rooms?limit=1000', { user: USERS.owner });
    assert.ok(!mine.body.items.some((item: { id: string }) => item.id === room.roomId));
    const listing = await stack.call('GET', `/api/rooms?courseId=${COURSE}&limit=1000`, {
      user: USERS.member,
    });
    assert.ok(!listing.body.items.some((item: { id: string }) => item.id === room.roomId));
  });
});
