import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { deleteUnreferencedBlobs, removeBlobFiles } from '../../src/rooms/blob-references.js';
import { openTestServices, type StoreKind, type TestServices } from '../support/services.js';

const OWNER = 'u-owner';

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`blob lifetime on ${kind}`, () => {
    let services: TestServices;

    before(async () => {
      services = await openTestServices(kind);
    });
    after(() => services.close());

    const bytesOf = (label: string) => Buffer.from(`${label} ${randomUUID()}`);

    async function roomWith(...contents: Buffer[]) {
      const room = await services.store.createRoom({
        name: 'Blob room',
        ownerId: OWNER,
        cncEnabled: true,
      });
      const assets = [];
      for (const bytes of contents) {
        const staged = await services.blobs.stage(Readable.from([bytes]));
        assets.push(
          await services.store.addUploadedAsset(
            room.id,
            { title: 'Media', contentType: 'text/plain' },
            staged,
          ),
        );
      }
      return { roomId: room.id, assets };
    }

    async function stored(sha256: string) {
      const rows = await services.db.query('SELECT 1 FROM blobs WHERE sha256 = $1', [sha256]);
      return { row: rows.rows.length === 1, file: await services.blobs.has(sha256) };
    }
    const present = { row: true, file: true };
    const absent = { row: false, file: false };

    /** Runs the rule over `hashes` the way a deletion does: rows in a transaction, then files. */
    async function collect(hashes: string[]) {
      const released = await services.db.transaction((tx) => deleteUnreferencedBlobs(tx, hashes));
      await removeBlobFiles(services.db, services.blobs, released);
      return released;
    }

    test('a blob lives while any live asset in a live room uses it', async () => {
      const shared = bytesOf('shared');
      const first = await roomWith(shared);
      const second = await roomWith(shared);
      const sha256 = first.assets[0]?.sha256 as string;
      assert.equal(second.assets[0]?.sha256, sha256);

      assert.ok(await services.store.softDeleteAsset(first.roomId, first.assets[0]?.id as string));
      assert.deepEqual(await stored(sha256), present);
      assert.ok(
        await services.store.softDeleteAsset(second.roomId, second.assets[0]?.id as string),
      );
      assert.deepEqual(await stored(sha256), absent);
    });

    test('deleting a room frees the blobs only it used and keeps the shared ones', async () => {
      const own = bytesOf('own');
      const shared = bytesOf('shared');
      const doomed = await roomWith(own, shared);
      await roomWith(shared);
      const [ownAsset, sharedAsset] = doomed.assets;

      assert.ok(await services.store.deleteRoom(doomed.roomId));
      assert.deepEqual(await stored(ownAsset?.sha256 as string), absent);
      assert.deepEqual(await stored(sharedAsset?.sha256 as string), present);
      assert.equal(await services.store.deleteRoom(doomed.roomId), false, 'deleted once');
    });

    test("an unfinished clone's source keeps its blobs, deleted or not, until it finishes", async () => {
      const source = await roomWith(bytesOf('lecture'), bytesOf('slides'));
      const [lecture, slides] = source.assets;
      const cloneId = randomUUID();
      await services.copier.prepare({
        cloneId,
        sourceRoomId: source.roomId,
        initiatorId: OWNER,
        metadata: { name: 'Copy', description: '', tags: [] },
      });

      // The source goes entirely while the clone has copied nothing yet.
      assert.ok(await services.store.softDeleteAsset(source.roomId, lecture?.id as string));
      assert.ok(await services.store.deleteRoom(source.roomId));
      assert.deepEqual(await stored(lecture?.sha256 as string), present);
      assert.deepEqual(await stored(slides?.sha256 as string), present);

      const copied = await services.copier.copyAssetBatch(cloneId, null, 100);
      assert.equal(copied.processed, 2, 'the snapshot predates both deletions');
      await services.copier.copySettings(cloneId);
      await services.copier.complete({
        cloneId,
        metadata: { name: 'Copy', description: '', tags: [] },
        revision: 0,
        issueCount: 0,
      });

      // Finished: the clone's own assets are what keep the blobs now.
      assert.deepEqual(await collect([lecture?.sha256 as string, slides?.sha256 as string]), []);
      const run = await services.db.query<{ target_room_id: string }>(
        'SELECT target_room_id FROM clone_runs WHERE clone_id = $1',
        [cloneId],
      );
      const targetRoomId = run.rows[0]?.target_room_id as string;
      const copies = await services.store.listAssets(targetRoomId, { limit: 10 });
      assert.equal(copies.items.length, 2);
      for (const copy of copies.items) assert.deepEqual(await stored(copy.sha256), present);

      assert.ok(await services.store.deleteRoom(targetRoomId));
      assert.deepEqual(await stored(lecture?.sha256 as string), absent);
      assert.deepEqual(await stored(slides?.sha256 as string), absent);
    });

    test('a blob freed and uploaded again at once keeps the bytes of the new upload', async () => {
      const bytes = bytesOf('again');
      const room = await roomWith(bytes);
      const sha256 = room.assets[0]?.sha256 as string;
      await services.db.query('UPDATE assets SET deleted_at = now() WHERE room_id = $1', [
        room.roomId,
      ]);

      // The deletion's transaction commits; before its files go, the same bytes come back.
      const released = await services.db.transaction((tx) => deleteUnreferencedBlobs(tx, [sha256]));
      assert.deepEqual(released, [sha256]);
      const again = await roomWith(bytes);
      await removeBlobFiles(services.db, services.blobs, released);

      assert.deepEqual(await stored(sha256), present);
      assert.equal(again.assets[0]?.sha256, sha256);
    });

    test('a staged upload that is never recorded leaves no file behind', async () => {
      const staged = await services.blobs.stage(Readable.from([bytesOf('abandoned')]));
      assert.equal((await services.blobs.incomingFiles()).length, 1);
      await staged.discard();
      assert.deepEqual(await services.blobs.incomingFiles(), []);
      assert.equal(await services.blobs.has(staged.sha256), false);
    });
  });
}
