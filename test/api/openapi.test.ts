import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { cloneOutcome } from '../support/clones.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ApiAnswer, startTestStack, type TestStack } from '../support/stack.js';

const COURSE = 'canvas-course-48213';
const OWNER = 'u-amoreno';

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
}
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Ids of one fresh room with an asset, an interaction and a finished clone. */
interface Subjects {
  roomId: string;
  assetId: string;
  interactionId: string;
  cloneId: string;
}

type ValidCall = (stack: TestStack, ids: Subjects) => Promise<ApiAnswer>;

function json(method: string, path: (ids: Subjects) => string, body?: unknown): ValidCall {
  return (stack, ids) => stack.call(method, path(ids), { user: OWNER, body });
}

/** A valid call of each documented operation and the status it is documented to answer. */
const VALID_CALLS: Record<string, { call: ValidCall; status: number }> = {
  'GET /api/rooms': { call: json('GET', () => `/api/rooms?courseId=${COURSE}`), status: 200 },
  'POST /api/rooms': {
    call: json('POST', () => '/api/rooms', { name: 'Documented' }),
    status: 201,
  },
  'GET /api/rooms/{roomId}': {
    call: json('GET', (ids) => `/api/rooms/${ids.roomId}`),
    status: 200,
  },
  'PATCH /api/rooms/{roomId}': {
    call: json('PATCH', (ids) => `/api/rooms/${ids.roomId}`, { tags: ['documented'] }),
    status: 200,
  },
  'DELETE /api/rooms/{roomId}': {
    call: json('DELETE', (ids) => `/api/rooms/${ids.roomId}`),
    status: 204,
  },
  'PUT /api/rooms/{roomId}/co-editors': {
    call: json('PUT', (ids) => `/api/rooms/${ids.roomId}/co-editors`, { userIds: ['u-cliu'] }),
    status: 200,
  },
  'GET /api/rooms/{roomId}/assets': {
    call: json('GET', (ids) => `/api/rooms/${ids.roomId}/assets`),
    status: 200,
  },
  'POST /api/rooms/{roomId}/assets': {
    call: async (stack, ids) => {
      const form = new FormData();
      form.append('title', 'Documented upload');
      form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'doc.pdf');
      const response = await stack.fetch(`/api/rooms/${ids.roomId}/assets`, {
        method: 'POST',
        body: form,
        user: OWNER,
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    status: 201,
  },
  'GET /api/assets/{assetId}/content': {
    call: json('GET', (ids) => `/api/assets/${ids.assetId}/content`),
    status: 200,
  },
  'DELETE /api/rooms/{roomId}/assets/{assetId}': {
    call: json('DELETE', (ids) => `/api/rooms/${ids.roomId}/assets/${ids.assetId}`),
    status: 204,
  },
  'GET /api/rooms/{roomId}/storyboard': {
    call: json('GET', (ids) => `/api/rooms/${ids.roomId}/storyboard`),
    status: 200,
  },
  'PUT /api/rooms/{roomId}/storyboard': {
    call: (stack, ids) =>
      json('PUT', () => `/api/rooms/${ids.roomId}/storyboard`, {
        items: [{ type: 'asset', assetId: ids.assetId }],
      })(stack, ids),
    status: 200,
  },
  'GET /api/rooms/{roomId}/interactions': {
    call: json('GET', (ids) => `/api/rooms/${ids.roomId}/interactions`),
    status: 200,
  },
  'POST /api/rooms/{roomId}/interactions': {
    call: json('POST', (ids) => `/api/rooms/${ids.roomId}/interactions`, {
      type: 'notification',
      title: 'Documented',
      content: { body: 'Hello' },
    }),
    status: 201,
  },
  'DELETE /api/rooms/{roomId}/interactions/{interactionId}': {
    call: json('DELETE', (ids) => `/api/rooms/${ids.roomId}/interactions/${ids.interactionId}`),
    status: 204,
  },
  'POST /api/rooms/{roomId}/clones': {
    call: json('POST', (ids) => `/api/rooms/${ids.roomId}/clones`, {}),
    status: 202,
  },
  'GET /api/clones/{cloneId}': {
    call: json('GET', (ids) => `/api/clones/${ids.cloneId}`),
    status: 200,
  },
  // The clone has ended, so the documented answer to a valid edit is 409.
  'PATCH /api/clones/{cloneId}/metadata': {
    call: json('PATCH', (ids) => `/api/clones/${ids.cloneId}/metadata`, { name: 'Late' }),
    status: 409,
  },
  'GET /api/clones': {
    call: json('GET', (ids) => `/api/clones?sourceRoomId=${ids.roomId}`),
    status: 200,
  },
  // Ended too: a valid cancel of an ended clone is the documented 409.
  'POST /api/clones/{cloneId}/cancel': {
    call: json('POST', (ids) => `/api/clones/${ids.cloneId}/cancel`),
    status: 409,
  },
  'GET /api/clones/{cloneId}/events': {
    call: json('GET', (ids) => `/api/clones/${ids.cloneId}/events`),
    status: 200,
  },
  'GET /api/notifications': { call: json('GET', () => '/api/notifications'), status: 200 },
  'GET /api/courses': { call: json('GET', () => '/api/courses'), status: 200 },
};

describe('the OpenAPI document', () => {
  let stack: TestStack;
  let document: OpenApiDocument;

  before(async () => {
    stack = await startTestStack();
    const answer = await stack.call('GET', '/docs/json');
    assert.equal(answer.status, 200);
    document = answer.body;
  });
  after(() => stack.stop());

  const operations = () =>
    Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${route}`,
        method: method.toUpperCase(),
        route,
        operation,
      })),
    );

  async function subjects(): Promise<Subjects> {
    const { store, blobs } = stack.services;
    const room = await store.createRoom({
      name: 'Documented room',
      ownerId: OWNER,
      cncEnabled: true,
      lmsCourseId: COURSE,
    });
    const blob = await blobs.put(Readable.from([Buffer.from(`documented ${room.id}`)]));
    const asset = await store.addAsset(room.id, { title: 'A', contentType: 'text/plain', ...blob });
    const interaction = await store.createInteraction(room.id, {
      type: 'notification',
      title: 'N',
      content: { body: 'b' },
    });
    const clone = await stack.call('POST', `/api/rooms/${room.id}/clones`, {
      user: OWNER,
      body: {},
    });
    await cloneOutcome(stack, clone.body.id, OWNER);
    return {
      roomId: room.id,
      assetId: asset.id,
      interactionId: interaction.id,
      cloneId: clone.body.id,
    };
  }

  const pathOf = (route: string) => route.replace(/\{(\w+)\}/g, (_, name) => `placeholder-${name}`);

  function assertAnswersAsDocumented(key: string, operation: Operation, answer: ApiAnswer) {
    const documented = operation.responses[String(answer.status)];
    assert.ok(documented, `${key} answered ${answer.status}, which it does not document`);
    const contentTypes = Object.keys(documented.content ?? {});
    const received = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (contentTypes.length === 0) {
      assert.equal(received, '', `${key} ${answer.status} has no body`);
    } else if (!contentTypes.includes('*/*')) {
      assert.ok(contentTypes.includes(received), `${key} ${answer.status} sent ${received}`);
    }
  }

  test('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  test('documents every route of the contract, with a body for each that takes one', async () => {
    const contract = await readFile(path.resolve(REPO_ROOT, '../shared/API.md'), 'utf8');
    const routes = [...contract.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`]+)`/gm)].map(
      ([, method, route]) => `${method} ${(route as string).replace(/:(\w+)/g, '{$1}')}`,
    );
    assert.ok(routes.length >= 22, `read ${routes.length} routes from the contract`);
    const documented = new Set(operations().map((operation) => operation.key));
    for (const route of routes) assert.ok(documented.has(route), `${route} is documented`);

    for (const { key, method, operation } of operations()) {
      assert.ok(operation.responses['401'], `${key} documents 401`);
      if (['POST', 'PUT', 'PATCH'].includes(method) && !key.includes('/clones')) {
        assert.ok(operation.requestBody, `${key} documents its body`);
      }
    }
    const upload = document.paths['/api/rooms/{roomId}/assets']?.post;
    assert.ok(upload?.requestBody?.content['multipart/form-data'], 'the upload is multipart');
  });

  test('every documented operation refuses a request without a token with 401', async () => {
    for (const { key, method, route, operation } of operations()) {
      const answer = await stack.call(method, pathOf(route), { user: null });
      assert.equal(answer.status, 401, key);
      assert.equal(answer.body.status, 401);
      assertAnswersAsDocumented(key, operation, answer);
    }
  });

  test('every documented operation answers a valid call as documented', async () => {
    const keys = operations().map((operation) => operation.key);
    assert.deepEqual(
      keys.filter((key) => !VALID_CALLS[key]),
      [],
      'a valid call for each',
    );
    for (const { key, operation } of operations()) {
      const valid = VALID_CALLS[key];
      assert.ok(valid);
      const answer = await valid.call(stack, await subjects());
      assert.equal(answer.status, valid.status, `${key}: ${JSON.stringify(answer.body)}`);
      assertAnswersAsDocumented(key, operation, answer);
      if (answer.status === 202) await cloneOutcome(stack, answer.body.id, OWNER);
    }
  });
});
