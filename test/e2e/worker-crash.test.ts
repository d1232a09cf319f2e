import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CLONE_WORKFLOW_TYPE,
  type CloneProgress,
  cloneWorkflowId,
} from '../../src/shared/clone-contract.js';
import { REPO_ROOT } from '../support/paths.js';
import { openTestServices, type TestServices } from '../support/services.js';
import { startTestTemporal, type TestTemporal } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';

const ASSETS = 6000;
const INTERACTIONS = 300;
const TASK_QUEUE = 'room-clones-crash-test';

// The worker runs as its own process (`npm run worker`) on Postgres, so it can be killed for
// real: SIGKILL, no shutdown, in the middle of a slice of asset copies.
describe('a worker killed mid-copy', () => {
  let temporal: TestTemporal;
  let services: TestServices;
  const workers: ChildProcess[] = [];

  before(async () => {
    temporal = await startTestTemporal();
    services = await openTestServices('postgres');
  });
  after(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await services.close();
    await temporal.stop();
  });

  function startWorkerProcess(): ChildProcess {
    const worker = spawn('node', ['--import', 'tsx', 'src/worker.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: services.databaseUrl,
        DATA_DIR: services.dataDir,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        // Small transactions make the copy of 6,000 assets long enough to be caught mid-way.
        CLONE_TRANSACTION_BATCH: '20',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(worker);
    return worker;
  }

  async function targetCount(table: string, targetRoomId: string): Promise<number> {
    const result = await services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE room_id = $1`,
      [targetRoomId],
    );
    return Number(result.rows[0]?.n);
  }

  test('a new worker finishes the clone with exactly the expected rows', async () => {
    const room = await services.store.createRoom({
      name: 'Lecture archive',
      ownerId: 'u-archivist',
      cncEnabled: true,
    });
    const blob = await services.blobs.put(Readable.from([Buffer.from('shared lecture bytes')]));
    await services.db.query('INSERT INTO blobs (sha256, size) VALUES ($1, $2)', [
      blob.sha256,
      blob.size,
    ]);
    await services.db.query(
      `INSERT INTO assets (id, room_id, title, content_type, size, sha256)
       SELECT gen_random_uuid()::text, $1, 'Recording ' || n, 'video/mp4', $2, $3
       FROM generate_series(1, $4::int) AS n`,
      [room.id, blob.size, blob.sha256, ASSETS],
    );
    await services.db.query(
      `INSERT INTO interactions (id, room_id, type, title, status, content)
       SELECT gen_random_uuid()::text, $1, 'notification', 'Note ' || n, 'published',
              jsonb_build_object('body', 'Body ' || n)
       FROM generate_series(1, $2::int) AS n`,
      [room.id, INTERACTIONS],
    );

    const first = startWorkerProcess();
    const cloneId = randomUUID();
    const handle = await temporal.client.workflow.start(CLONE_WORKFLOW_TYPE, {
      workflowId: cloneWorkflowId(cloneId),
      taskQueue: TASK_QUEUE,
      args: [
        {
          cloneId,
          sourceRoomId: room.id,
          initiatorId: 'u-archivist',
          metadata: { name: 'Lecture archive (copy)', description: '', tags: [] },
          components: { assets: true, storyboard: true, interactions: true },
          requestedAt: new Date().toISOString(),
        },
      ],
    });

    const targetRoomId = await waitFor('the new room', async () => {
      const found = await services.db.query<{ id: string }>(
        'SELECT id FROM rooms WHERE clone_id = $1',
        [cloneId],
      );
      return found.rows[0]?.id;
    });
    const copiedAtKill = await waitFor(
      'assets to be part-way copied',
      async () => {
        const copied = await targetCount('assets', targetRoomId);
        return copied > 0 && copied < ASSETS ? copied : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const afterKill = await targetCount('assets', targetRoomId);
    assert.ok(afterKill < ASSETS, `killed with ${afterKill} of ${ASSETS} copied`);

    startWorkerProcess();
    const result: CloneProgress = await handle.result();
    assert.equal(result.status, 'completed');
    assert.ok(copiedAtKill > 0);
    assert.equal(await targetCount('assets', targetRoomId), ASSETS);
    assert.equal(await targetCount('interactions', targetRoomId), INTERACTIONS);
    const distinct = await services.db.query<{ n: number }>(
      'SELECT count(DISTINCT source_asset_id)::int AS n FROM assets WHERE room_id = $1',
      [targetRoomId],
    );
    assert.equal(Number(distinct.rows[0]?.n), ASSETS, 'every source asset copied exactly once');
    assert.equal(result.components.assets.done, ASSETS);
    const notifications = await services.store.listNotifications('u-archivist', { limit: 10 });
    assert.equal(notifications.items.length, 1);
  });
});
