import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { cloneOutcome } from '../support/clones.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const WEEK2 = 'Biología 101 — Semana 2: Membranas 🧫';

// Inputs found by trying to break the service: each must be refused up front, naming the
// field, and change nothing, instead of failing deep in the store or parking a clone.
describe('input the store could not keep', () => {
  let stack: TestStack;

  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  async function roomCount(): Promise<number> {
    const result = await stack.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rooms',
    );
    return Number(result.rows[0]?.n);
  }

  test('a NUL or an unpaired surrogate in a clone name is 400 naming the field', async () => {
    const roomId = await stack.roomIdByName(WEEK2);
    const before = await roomCount();
    for (const name of ['bad\u0000name', 'bad\ud800name']) {
      const answer = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
        user: 'u-amoreno',
        body: { name },
      });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.deepEqual(
        answer.body.errors.map((error: { field: string }) => error.field),
        ['name'],
      );
    }
    assert.equal(await roomCount(), before);
  });

  test('NUL in free-form settings, and nesting past 32 levels, are 400 naming the field', async () => {
    const before = await roomCount();
    const nul = await stack.call('POST', '/api/rooms', {
      user: 'u-amoreno',
      body: { name: 'Room', settings: { chat: { greeting: 'hi\u0000' } } },
    });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.errors[0].field, 'settings.chat.greeting');

    // 5,000 nested arrays, sent as text: too deep even for JSON.stringify on this side.
    const deep = `${'['.repeat(5000)}"bottom"${']'.repeat(5000)}`;
    const response = await fetch(`${stack.baseUrl}/api/rooms`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token('u-amoreno')}`,
        'content-type': 'application/json',
      },
      body: `{"name":"Room","settings":{"deep":${deep}}}`,
    });
    const nested = { status: response.status, body: (await response.json()) as any };
    assert.equal(nested.status, 400);
    assert.match(nested.body.errors[0].field, /^settings\.deep/);
    assert.equal(await roomCount(), before);
  });

  test('a blank tag is refused like a blank name', async () => {
    const answer = await stack.call('POST', '/api/rooms', {
      user: 'u-amoreno',
      body: { name: 'Room', tags: ['   '] },
    });
    assert.equal(answer.status, 400);
  });

  test('a metadata edit with NUL is 400 and the clone goes on untouched', async () => {
    const roomId = await stack.roomIdByName(WEEK2);
    const started = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: {},
    });
    const edit = await stack.call('PATCH', `/api/clones/${started.body.id}/metadata`, {
      user: 'u-amoreno',
      body: { tags: ['x\u0000y'] },
    });
    assert.ok([400, 409].includes(edit.status), `answered ${edit.status}`);
    const outcome = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.metadataRevision, 0);
  });

  test('a room that is not ready (a failed clone, say) is refused with 409, creating nothing', async () => {
    const room = await stack.services.store.createRoom({
      name: 'Left over from a failed clone',
      ownerId: 'u-amoreno',
      cncEnabled: true,
    });
    await stack.services.db.query("UPDATE rooms SET status = 'failed' WHERE id = $1", [room.id]);
    const before = await roomCount();
    const answer = await stack.call('POST', `/api/rooms/${room.id}/clones`, {
      user: 'u-amoreno',
      body: {},
    });
    assert.equal(answer.status, 409);
    assert.match(answer.body.detail, /only a ready room is cloned/);
    assert.equal(await roomCount(), before);
  });

  test('a user id with @ in it, as LMS ids may have, lists its clones', async () => {
    const roomId = await stack.services.store.createRoom({
      name: 'Room of a user with an email id',
      ownerId: 'm@x.edu',
      cncEnabled: true,
    });
    const started = await stack.call('POST', `/api/rooms/${roomId.id}/clones`, {
      user: 'm@x.edu',
      body: {},
    });
    assert.equal(started.status, 202);
    await cloneOutcome(stack, started.body.id, 'm@x.edu');
    const listed = await stack.call('GET', '/api/clones', { user: 'm@x.edu' });
    assert.equal(listed.status, 200);
  });
});
