import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../../src/api/app.js';
import { CloneGateway } from '../../src/api/clone-gateway.js';
import { testLogger } from '../support/services.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { builtWebUi } from '../support/web.js';

const COURSE = { id: 'canvas-course-48213', name: 'BIO 101 - Introduction to Cell Biology' };

describe('the web UI, dev sign-in and the courses route', () => {
  let stack: TestStack;
  // The same store and Temporal behind an app as production builds it: no picker, no pages.
  let plain: Awaited<ReturnType<typeof buildApp>>;
  let connection: Connection;

  before(async () => {
    stack = await startTestStack({ webRoot: await builtWebUi(), devSignIn: true });
    connection = await Connection.connect({ address: stack.temporal.address });
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    plain = await buildApp({
      store: stack.services.store,
      blobs: stack.services.blobs,
      clones: new CloneGateway(client, stack.taskQueue, 10),
      jwtSecret: new TextEncoder().encode('another-secret-another-secret-another!'),
      logger: testLogger,
      readiness: {},
    });
  });
  after(async () => {
    await plain.close();
    await connection.close();
    await stack.stop();
  });

  test('serves the page at / and at /rooms/:roomId, with a same-origin-only policy', async () => {
    for (const path of ['/', '/rooms/any-room-id']) {
      const page = await fetch(`${stack.baseUrl}${path}`);
      assert.equal(page.status, 200, path);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      const html = await page.text();
      assert.match(html, /<div id="app">/);
      assert.doesNotMatch(html, /https?:\/\//, 'the page names no other host');

      const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      assert.ok(script, 'the page loads its script from this host');
      const bundle = await fetch(`${stack.baseUrl}${script}`);
      assert.equal(bundle.status, 200);
      assert.match(bundle.headers.get('cache-control') ?? '', /immutable/);
    }
  });

  test('leaves the API, its docs and its probes where they were', async () => {
    assert.equal((await fetch(`${stack.baseUrl}/healthz`)).status, 200);
    assert.equal((await fetch(`${stack.baseUrl}/docs/json`)).status, 200);
    const anonymous = await fetch(`${stack.baseUrl}/api/rooms`);
    assert.equal(anonymous.status, 401, 'the API still needs a token');
    const missing = await stack.call('GET', '/api/no-such-route', { user: 'u-amoreno' });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /application\/problem\+json/);
    const stray = await fetch(`${stack.baseUrl}/no-such-page`);
    assert.equal(stray.status, 404);
    assert.match(stray.headers.get('content-type') ?? '', /application\/problem\+json/);
  });

  test('dev sign-in lists the users of the store and signs in as any of them', async () => {
    const users = await stack.call('GET', '/auth/dev/users');
    assert.equal(users.status, 200);
    assert.deepEqual(users.body.items.map((user: { id: string }) => user.id).sort(), [
      'u-amoreno',
      'u-bkeller',
      'u-cliu',
      'u-dosei',
    ]);
    const ana = users.body.items.find((user: { id: string }) => user.id === 'u-amoreno');
    assert.deepEqual(ana, { id: 'u-amoreno', name: 'Ana Moreno', role: 'instructor' });

    const signedIn = await stack.call('POST', '/auth/dev/sign-in', { body: { userId: 'u-cliu' } });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.user.name, 'Chen Liu');
    const rooms = await fetch(`${stack.baseUrl}/api/rooms?courseId=${COURSE.id}`, {
      headers: { authorization: `Bearer ${signedIn.body.token}` },
    });
    assert.equal(rooms.status, 200, 'the token is accepted by the API');
    assert.equal(((await rooms.json()) as { items: unknown[] }).items.length, 3);
  });

  test('dev sign-in refuses a user the store does not know, and a bad body', async () => {
    const stranger = await stack.call('POST', '/auth/dev/sign-in', {
      body: { userId: 'u-nobody' },
    });
    assert.equal(stranger.status, 404);
    assert.equal(stranger.body.token, undefined);
    const invalid = await stack.call('POST', '/auth/dev/sign-in', {
      body: { userId: '', admin: true },
    });
    assert.equal(invalid.status, 400);
    const fields = invalid.body.errors.map((error: { field: string }) => error.field);
    assert.ok(fields.includes('userId'), `fields: ${fields}`);
    assert.ok(fields.includes('admin'), `fields: ${fields}`);
  });

  test('without dev sign-in there is no picker and no page, only the API', async () => {
    assert.equal((await plain.inject({ method: 'GET', url: '/auth/dev/users' })).statusCode, 404);
    const signIn = await plain.inject({
      method: 'POST',
      url: '/auth/dev/sign-in',
      payload: { userId: 'u-amoreno' },
    });
    assert.equal(signIn.statusCode, 404);
    assert.equal(signIn.json().token, undefined);
    assert.equal((await plain.inject({ method: 'GET', url: '/' })).statusCode, 404);
  });

  test("GET /api/courses lists the caller's courses and nothing for a stranger", async () => {
    const member = await stack.call('GET', '/api/courses', { user: 'u-dosei' });
    assert.equal(member.status, 200);
    assert.deepEqual(member.body, { items: [COURSE], nextCursor: null });

    const stranger = await stack.call('GET', '/api/courses', { user: 'u-outsider' });
    assert.deepEqual(stranger.body, { items: [], nextCursor: null });

    assert.equal((await stack.call('GET', '/api/courses')).status, 401);
    const badLimit = await stack.call('GET', '/api/courses?limit=0', { user: 'u-dosei' });
    assert.equal(badLimit.status, 400);
  });

  test('GET /api/courses pages through several courses, newest first', async () => {
    const { store } = stack.services;
    for (const id of ['course-a', 'course-b', 'course-c']) {
      await store.ensureCourse({ id, name: `Course ${id}` });
      await store.addCourseMember(id, 'u-pager');
    }
    const first = await stack.call('GET', '/api/courses?limit=2', { user: 'u-pager' });
    assert.deepEqual(
      first.body.items.map((course: { id: string }) => course.id),
      ['course-c', 'course-b'],
    );
    assert.ok(first.body.nextCursor);
    const second = await stack.call(
      'GET',
      `/api/courses?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { user: 'u-pager' },
    );
    assert.deepEqual(second.body, {
      items: [{ id: 'course-a', name: 'Course course-a' }],
      nextCursor: null,
    });
  });
});
