import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloneGateway } from '../../src/api/clone-gateway.js';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { cloneOutcome } from '../support/clones.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const WEEK1 = 'BIO 101 — Week 1: The Cell';

describe('GET of an ended clone', () => {
  let stack: TestStack;

  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  test('answers from the server alone, with no worker left to replay the workflow', async () => {
    const roomId = await stack.roomIdByName(WEEK1);
    const started = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { name: 'Read after the end' },
    });
    assert.equal(started.status, 202);
    const final = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    assert.equal(final.status, 'completed');

    await stack.worker.shutdown();

    const again = await stack.call<CloneProgress>('GET', `/api/clones/${final.id}`, {
      user: 'u-amoreno',
    });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, final);

    // A gateway of another API process has nothing remembered: it reads what the server keeps.
    const fresh = new CloneGateway(stack.temporal.client, stack.taskQueue, 3);
    assert.deepEqual(JSON.parse(JSON.stringify(await fresh.get(final.id, 'u-amoreno'))), final);
    await assert.rejects(fresh.get(final.id, 'u-dkim'), { status: 404 });

    const stranger = await stack.call('GET', `/api/clones/${final.id}`, { user: 'u-dkim' });
    assert.equal(stranger.status, 404, "someone else's ended clone stays hidden");
  });
});
