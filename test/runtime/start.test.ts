import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../../src/runtime/dev-server.js';
import { REPO_ROOT } from '../support/paths.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);

interface Instance {
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  process: ChildProcess;
  exit: Promise<number | null>;
  output: () => string;
}

async function portsFor(dataDir: string): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
}

/** Runs `npm start`'s entry point as a user would, and waits until /readyz says ready. */
async function startProduct(env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = spawn('node', ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  await waitFor(
    'the product to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
      const answer = await fetch(`${apiUrl}/readyz`);
      return answer.status === 200 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  return { env, apiUrl, process: child, exit, output: () => output };
}

async function stopProduct(instance: Instance): Promise<number | null> {
  instance.process.kill('SIGINT');
  return instance.exit;
}

async function tokenFor(env: NodeJS.ProcessEnv, userId: string): Promise<string> {
  const { stdout } = await run('node', ['--import', 'tsx', 'src/cli/token.ts', userId], {
    cwd: REPO_ROOT,
    env,
  });
  return stdout.trim();
}

async function api(instance: Instance, token: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${instance.apiUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('npm start on a fresh data folder', () => {
  const folders: string[] = [];
  const running: Instance[] = [];
  after(async () => {
    for (const instance of running)
      if (instance.process.exitCode === null) await stopProduct(instance);
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  test('seeds its demo course, clones a demo room, stops cleanly and keeps it all', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'room-clone-start-'));
    folders.push(dataDir);
    const env = await portsFor(dataDir);
    const first = await startProduct(env);
    running.push(first);
    assert.match(first.output(), /room clone service ready/);
    assert.match(
      first.output(),
      new RegExp(`Temporal Web UI http://127.0.0.1:${env.TEMPORAL_UI_PORT}`),
    );
    const ui = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
    assert.equal(ui.status, 200, 'the Temporal Web UI answers');
    const page = await fetch(`${first.apiUrl}/`);
    assert.equal(page.status, 200, 'the web UI is served at /');
    assert.match(await page.text(), /<div id="app">/);
    const picker = await fetch(`${first.apiUrl}/auth/dev/users`);
    assert.equal(picker.status, 200, 'npm start turns the user picker on');

    const token = await tokenFor(env, 'u-demo-rivera');
    const rooms = await api(first, token, 'GET', '/api/rooms');
    assert.equal(rooms.status, 200);
    const studio = rooms.body.items.find(
      (room: { name: string }) => room.name === 'Studio 1 - Colour theory',
    );
    assert.ok(studio, 'the demo course has a room to clone');

    const started = await api(first, token, 'POST', `/api/rooms/${studio.id}/clones`, {});
    assert.equal(started.status, 202);
    const done = await waitFor('the demo clone to complete', async () => {
      const clone = await api(first, token, 'GET', `/api/clones/${started.body.id}`);
      return clone.body.status === 'completed' ? clone.body : undefined;
    });
    assert.equal(done.components.assets.done, 4);

    assert.equal(await stopProduct(first), 0, 'Ctrl-C stops everything with exit code 0');
    await assert.rejects(fetch(`${first.apiUrl}/healthz`), 'the API is gone');
    await assert.rejects(
      fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`),
      'the Temporal dev server is gone too',
    );

    // A second instance beside the restarted first: other ports, another data folder.
    const otherDir = await mkdtemp(path.join(tmpdir(), 'room-clone-start-'));
    folders.push(otherDir);
    const [again, beside] = await Promise.all([
      startProduct(env),
      startProduct(await portsFor(otherDir)),
    ]);
    running.push(again, beside);

    const roomsAgain = await api(again, token, 'GET', '/api/rooms');
    assert.equal(roomsAgain.body.items.length, rooms.body.items.length + 1, 'rooms survive');
    const cloneAgain = await api(again, token, 'GET', `/api/clones/${started.body.id}`);
    assert.equal(cloneAgain.status, 200, 'clone history survives');
    assert.equal(cloneAgain.body.status, 'completed');

    const besideToken = await tokenFor(beside.env, 'u-demo-rivera');
    const besideRooms = await api(beside, besideToken, 'GET', '/api/rooms');
    assert.equal(besideRooms.body.items.length, rooms.body.items.length, 'its own fresh demo');
    const foreign = await api(beside, token, 'GET', '/api/rooms');
    assert.equal(foreign.status, 401, 'each data folder has its own signing secret');

    assert.equal(await stopProduct(again), 0);
    assert.equal(await stopProduct(beside), 0);
  });
});
