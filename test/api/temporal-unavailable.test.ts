import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '../../src/runtime/dev-server.js';
import { CLONE_SEARCH_ATTRIBUTES } from '../../src/shared/search-attributes.js';
import { cloneOutcome } from '../support/clones.js';
import { testLogger } from '../support/services.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('when Temporal cannot be reached', () => {
  let stack: TestStack;
  let replacement: DevServer | null = null;

  before(async () => {
    stack = await startTestStack();
  });
  after(async () => {
    await stack.stop();
    await replacement?.stop();
  });

  test('a clone request is 503 with Retry-After, creates nothing, and works once it is back', async () => {
    const roomId = await stack.roomIdByName('BIO 101 — Week 1: The Cell');
    await stack.worker.shutdown();
    await stack.temporal.server.stop();
    const before = await stack.services.db.query('SELECT count(*)::int AS n FROM rooms');

    const answer = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: {},
    });
    assert.equal(answer.status, 503);
    assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(answer.headers.get('retry-after'), '5');
    assert.match(answer.body.detail, /cannot reach its workflow engine/);

    const after = await stack.services.db.query('SELECT count(*)::int AS n FROM rooms');
    assert.deepEqual(after.rows, before.rows);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    assert.equal(ready.status, 503, '/readyz says so too');
    const health = await fetch(`${stack.baseUrl}/healthz`);
    assert.equal(health.status, 200, 'the process itself is alive');

    // A new server on the same address: the API's client reconnects by itself.
    replacement = await startDevServer({
      port: Number(stack.temporal.address.split(':')[1]),
      uiPort: null,
      dbFile: null,
      namespace: stack.temporal.namespace,
      searchAttributes: CLONE_SEARCH_ATTRIBUTES,
      logger: testLogger,
    });
    await stack.restartWorker();
    const retried = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: {},
    });
    assert.equal(retried.status, 202);
    assert.equal((await cloneOutcome(stack, retried.body.id, 'u-amoreno')).status, 'completed');
  });
});
