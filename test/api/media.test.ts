import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { blobFiles, downloadAsset, sha256, uploadAsset } from '../support/media.js';
import { SAMPLE_MEDIA_DIR } from '../support/paths.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const COURSE = 'canvas-course-48213';
const OWNER = 'u-amoreno';
const LIMIT = 256 * 1024;

const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.pdf': 'application/pdf',
};

describe('media: streamed uploads, ranged downloads, one blob per content', () => {
  let stack: TestStack;
  let roomId: string;

  before(async () => {
    stack = await startTestStack({ uploadMaxBytes: LIMIT });
    roomId = await newRoom('Media room');
  });
  after(() => stack.stop());

  async function newRoom(name: string): Promise<string> {
    const room = await stack.call('POST', '/api/rooms', {
      user: OWNER,
      body: { name, lmsCourseId: COURSE },
    });
    assert.equal(room.status, 201);
    return room.body.id;
  }

  async function storeContents() {
    const blobs = await stack.services.db.query('SELECT sha256 FROM blobs ORDER BY sha256');
    const assets = await stack.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM assets',
    );
    return {
      blobRows: blobs.rows,
      assetRows: Number(assets.rows[0]?.n),
      files: await blobFiles(stack.services.blobs),
      incoming: await stack.services.blobs.incomingFiles(),
    };
  }

  test('every sample media file comes back byte-identical, typed, sized and tagged', async () => {
    const files = (await readdir(SAMPLE_MEDIA_DIR)).sort();
    assert.equal(files.length, 8);
    for (const [index, file] of files.entries()) {
      const bytes = await readFile(path.join(SAMPLE_MEDIA_DIR, file));
      const contentType = MEDIA_TYPES[path.extname(file)];
      const uploaded = await uploadAsset(stack, roomId, {
        user: OWNER,
        bytes,
        title: file,
        contentType,
        filename: file,
        fileFirst: index % 2 === 0,
      });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      assert.equal(uploaded.body.sha256, sha256(bytes));
      assert.equal(uploaded.body.size, bytes.length);
      assert.equal(uploaded.body.contentType, contentType);
      assert.equal(uploaded.body.title, file);

      const download = await downloadAsset(stack, uploaded.body.id, 'u-dosei');
      assert.equal(download.status, 200);
      assert.equal(sha256(download.bytes), sha256(bytes), `${file} is byte-identical`);
      assert.equal(download.headers.get('content-type'), contentType);
      assert.equal(download.headers.get('content-length'), String(bytes.length));
      assert.equal(download.headers.get('etag'), `"${sha256(bytes)}"`);
      assert.equal(download.headers.get('accept-ranges'), 'bytes');
    }
    const listed = await stack.call('GET', `/api/rooms/${roomId}/assets`, { user: 'u-cliu' });
    assert.equal(listed.body.items.length, 8);
    assert.deepEqual((await storeContents()).incoming, []);
  });

  test('a file without a declared type gets one from its name', async () => {
    const uploaded = await uploadAsset(stack, roomId, {
      user: OWNER,
      bytes: Buffer.from('%PDF-1.4 tiny'),
      title: 'Untyped handout',
      contentType: '',
      filename: 'handout.pdf',
    });
    assert.equal(uploaded.status, 201);
    assert.equal(uploaded.body.contentType, 'application/pdf');
  });

  test('the same bytes uploaded twice are stored once', async () => {
    const bytes = await readFile(path.join(SAMPLE_MEDIA_DIR, 'slide-02.png'));
    const otherRoom = await newRoom('Second media room');
    const before = await storeContents();
    const first = await uploadAsset(stack, otherRoom, { user: OWNER, bytes, title: 'Copy 1' });
    const second = await uploadAsset(stack, otherRoom, { user: OWNER, bytes, title: 'Copy 2' });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.notEqual(first.body.id, second.body.id);
    assert.equal(first.body.sha256, second.body.sha256);

    const after = await storeContents();
    assert.deepEqual(after.blobRows, before.blobRows, 'the slide was already stored');
    assert.deepEqual(after.files, before.files);
    assert.equal(after.assetRows, before.assetRows + 2);
  });

  test('answers byte ranges with 206, 416, If-Range and If-None-Match', async () => {
    const bytes = await readFile(path.join(SAMPLE_MEDIA_DIR, 'cell-structure.mp4'));
    const uploaded = await uploadAsset(stack, roomId, {
      user: OWNER,
      bytes,
      title: 'Ranged video',
      contentType: 'video/mp4',
    });
    const id = uploaded.body.id;
    const etag = `"${sha256(bytes)}"`;
    const size = bytes.length;

    const cases = [
      { range: 'bytes=0-99', start: 0, end: 99 },
      { range: 'bytes=1000-', start: 1000, end: size - 1 },
      { range: 'bytes=-500', start: size - 500, end: size - 1 },
      { range: 'bytes=0-0', start: 0, end: 0 },
      { range: `bytes=${size - 10}-${size * 2}`, start: size - 10, end: size - 1 },
    ];
    for (const { range, start, end } of cases) {
      const part = await downloadAsset(stack, id, 'u-dosei', { range });
      assert.equal(part.status, 206, range);
      assert.equal(part.headers.get('content-range'), `bytes ${start}-${end}/${size}`);
      assert.equal(part.headers.get('content-length'), String(end - start + 1));
      assert.equal(part.headers.get('content-type'), 'video/mp4');
      assert.deepEqual(Buffer.from(part.bytes), bytes.subarray(start, end + 1), range);
    }

    const outside = await downloadAsset(stack, id, OWNER, { range: `bytes=${size}-` });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${size}`);
    assert.match(outside.headers.get('content-type') ?? '', /application\/problem\+json/);

    const ignoredRanges: Record<string, string>[] = [
      { range: 'bytes=0-9,20-29' },
      { range: 'lines=1-2' },
      { range: 'bytes=0-9', 'if-range': '"some-other-version"' },
    ];
    for (const headers of ignoredRanges) {
      const whole = await downloadAsset(stack, id, OWNER, headers);
      assert.equal(whole.status, 200, JSON.stringify(headers));
      assert.equal(sha256(whole.bytes), sha256(bytes));
    }
    const current = await downloadAsset(stack, id, OWNER, { range: 'bytes=0-9', 'if-range': etag });
    assert.equal(current.status, 206);

    const unchanged = await downloadAsset(stack, id, OWNER, { 'if-none-match': `W/${etag}` });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.bytes.length, 0);
    assert.equal(unchanged.headers.get('etag'), etag);
    const changed = await downloadAsset(stack, id, OWNER, { 'if-none-match': '"stale"' });
    assert.equal(changed.status, 200);

    const head = await stack.fetch(`/api/assets/${id}/content`, { method: 'HEAD', user: OWNER });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(size));
  });

  test('an upload at the limit is taken; past it 413 and nothing is left behind', async () => {
    const fill = (length: number, seed: number) =>
      Buffer.from(Array.from({ length }, (_, index) => (index * 31 + seed) % 251));

    const atLimit = await uploadAsset(stack, roomId, {
      user: OWNER,
      bytes: fill(LIMIT, 1),
      title: 'Exactly at the limit',
    });
    assert.equal(atLimit.status, 201);
    assert.equal(atLimit.body.size, LIMIT);

    const before = await storeContents();
    for (const [length, fileFirst] of [
      [LIMIT + 1, false],
      [LIMIT + 1, true],
      [LIMIT * 4, false],
    ] as const) {
      const answer = await uploadAsset(stack, roomId, {
        user: OWNER,
        bytes: fill(length, 2),
        title: 'Too large',
        fileFirst,
      });
      assert.equal(answer.status, 413, `${length} bytes`);
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(answer.body.detail, new RegExp(`${LIMIT} bytes`));
    }

    // Streamed with no Content-Length at all, so only the running count can stop it.
    const form = new FormData();
    form.append('title', 'Chunked and too large');
    form.append('file', new Blob([fill(LIMIT * 2, 3)]), 'big.bin');
    const encoded = new Response(form);
    const chunked = await stack.fetch(`/api/rooms/${roomId}/assets`, {
      method: 'POST',
      user: OWNER,
      headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    await chunked.arrayBuffer();

    assert.deepEqual(await storeContents(), before, 'no blob row, file, temp file or asset');
  });

  test('a refused or broken upload stores nothing', async () => {
    const bytes = Buffer.from('refused bytes');
    const before = await storeContents();
    const refusals: [Parameters<typeof uploadAsset>[2], number, string[]][] = [
      [{ user: OWNER, bytes }, 400, ['title']],
      [{ user: OWNER, bytes, title: '' }, 400, ['title']],
      [{ user: OWNER, bytes, title: 'x'.repeat(201), fileFirst: true }, 400, ['title']],
      [{ user: OWNER, bytes, title: 'T', extraFields: { tags: 'a' } }, 400, ['tags']],
      [{ user: OWNER, bytes, title: 'T', contentType: 'not a type' }, 400, ['file']],
      [{ user: 'u-dosei', bytes, title: 'T' }, 403, []],
      [{ user: 'u-stranger', bytes, title: 'T' }, 404, []],
    ];
    for (const [options, status, fields] of refusals) {
      const answer = await uploadAsset(stack, roomId, options);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.deepEqual(
        (answer.body.errors ?? []).map((error: { field: string }) => error.field),
        fields,
      );
    }
    const noFile = await stack.fetch(`/api/rooms/${roomId}/assets`, {
      method: 'POST',
      user: OWNER,
      body: (() => {
        const form = new FormData();
        form.append('title', 'No file');
        return form;
      })(),
    });
    assert.equal(noFile.status, 400);
    const noFileProblem = (await noFile.json()) as { errors: { field: string }[] };
    assert.equal(noFileProblem.errors[0]?.field, 'file');
    const asJson = await stack.call('POST', `/api/rooms/${roomId}/assets`, {
      user: OWNER,
      body: { title: 'T', file: 'aGVsbG8=' },
    });
    assert.equal(asJson.status, 415);
    assert.deepEqual(await storeContents(), before);
  });

  test('an upload the client abandons halfway leaves no temporary file', async () => {
    const form = new FormData();
    form.append('title', 'Abandoned');
    form.append('file', new Blob([Buffer.alloc(64 * 1024, 9)]), 'abandoned.bin');
    const encoded = new Response(form);
    const reader = encoded.body?.getReader();
    assert.ok(reader);
    // Half the form: the title, the file part's headers and the first of its bytes.
    const sent: Uint8Array[] = [];
    let sentBytes = 0;
    while (sentBytes < 32 * 1024) {
      const chunk = await reader.read();
      assert.ok(chunk.value, 'the form is longer than what is sent');
      sent.push(chunk.value);
      sentBytes += chunk.value.length;
    }
    const abort = new AbortController();
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of sent) controller.enqueue(chunk);
        // Never closes: the client goes away with the file half sent.
      },
    });
    const before = await storeContents();
    const pending = stack
      .fetch(`/api/rooms/${roomId}/assets`, {
        method: 'POST',
        user: OWNER,
        headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
        body,
        duplex: 'half',
        signal: abort.signal,
      } as RequestInit)
      .catch((error: Error) => error);

    try {
      await waitFor('the upload to reach the blob store', async () =>
        (await stack.services.blobs.incomingFiles()).length > 0 ? true : undefined,
      );
    } finally {
      abort.abort();
    }
    assert.ok((await pending) instanceof Error);
    await waitFor('the temporary file to go', async () =>
      (await stack.services.blobs.incomingFiles()).length === 0 ? true : undefined,
    );
    assert.deepEqual(await storeContents(), before);
  });

  test('a blob is freed only when the last asset that uses it goes', async () => {
    const bytes = Buffer.from(`shared lecture notes ${Date.now()}`);
    const hash = sha256(bytes);
    const roomA = await newRoom('Room A');
    const roomB = await newRoom('Room B');
    const inA = await uploadAsset(stack, roomA, { user: OWNER, bytes, title: 'Notes' });
    const inB = await uploadAsset(stack, roomB, { user: OWNER, bytes, title: 'Notes' });
    const stored = async () => ({
      row: (await stack.services.db.query('SELECT 1 FROM blobs WHERE sha256 = $1', [hash])).rows
        .length,
      file: await stack.services.blobs.has(hash),
    });
    assert.deepEqual(await stored(), { row: 1, file: true });

    const deleteA = await stack.call('DELETE', `/api/rooms/${roomA}/assets/${inA.body.id}`, {
      user: OWNER,
    });
    assert.equal(deleteA.status, 204);
    assert.deepEqual(await stored(), { row: 1, file: true }, 'room B still uses it');
    const fromB = await downloadAsset(stack, inB.body.id, OWNER);
    assert.equal(sha256(fromB.bytes), hash);
    const goneA = await downloadAsset(stack, inA.body.id, OWNER);
    assert.equal(goneA.status, 404);

    const deleteB = await stack.call('DELETE', `/api/rooms/${roomB}`, { user: OWNER });
    assert.equal(deleteB.status, 204);
    assert.deepEqual(await stored(), { row: 0, file: false }, 'nothing uses it any more');

    const again = await uploadAsset(stack, roomA, { user: OWNER, bytes, title: 'Notes again' });
    assert.equal(again.status, 201);
    assert.deepEqual(await stored(), { row: 1, file: true }, 'uploading it again brings it back');
    assert.equal(sha256((await downloadAsset(stack, again.body.id, OWNER)).bytes), hash);
  });
});
