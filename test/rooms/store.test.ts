import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { seedDemoCourse } from '../../src/rooms/demo-seed.js';
import { importFixture } from '../../src/rooms/fixture-importer.js';
import { migrate } from '../../src/rooms/migrations.js';
import { SAMPLE_FIXTURE } from '../support/paths.js';
import { openTestServices, type StoreKind, type TestServices } from '../support/services.js';

const COURSE = 'canvas-course-48213';
const page = { limit: 100 };

async function countRows(services: TestServices, table: string): Promise<number> {
  const result = await services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(result.rows[0]?.n);
}

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`rooms store on ${kind}`, () => {
    let services: TestServices;

    before(async () => {
      services = await openTestServices(kind);
    });
    after(() => services.close());

    test('migrating again applies nothing', async () => {
      assert.deepEqual(await migrate(services.db), []);
    });

    test('imports the sample course once, however often it is imported', async () => {
      const first = await importFixture(SAMPLE_FIXTURE, services.store, services.blobs);
      assert.equal(first.imported, true);
      const counts = async () => ({
        rooms: await countRooms(),
        assets: await countRows(services, 'assets'),
        interactions: await countRows(services, 'interactions'),
        responses: await countRows(services, 'interaction_responses'),
        blobs: await countRows(services, 'blobs'),
      });
      const countRooms = () => countRows(services, 'rooms');
      const before = await counts();

      const second = await importFixture(SAMPLE_FIXTURE, services.store, services.blobs);
      assert.equal(second.imported, false);
      assert.deepEqual(await counts(), before);
      assert.deepEqual(before, { rooms: 3, assets: 10, interactions: 18, responses: 8, blobs: 8 });
    });

    test('lists the course and tells each user how they stand to a room', async () => {
      const listing = await services.store.listCourseRooms(COURSE, page);
      const week1 = listing.items.find((room) => room.name === 'BIO 101 — Week 1: The Cell');
      assert.ok(week1, 'week 1 is listed in the course');
      assert.equal(listing.items.length, 3);

      assert.equal(await services.store.roomRole(week1.id, 'u-amoreno'), 'owner');
      assert.equal(await services.store.roomRole(week1.id, 'u-bkeller'), 'co-editor');
      assert.equal(await services.store.roomRole(week1.id, 'u-dosei'), 'member');
      assert.equal(await services.store.roomRole(week1.id, 'u-stranger'), null);

      const mine = await services.store.listRoomsOfUser('u-bkeller', page);
      assert.deepEqual(mine.items.map((room) => room.name).sort(), [
        'BIO 101 — Office Hours',
        'BIO 101 — Week 1: The Cell',
      ]);
    });

    test('keeps deleted assets and interactions out of the room, responses apart', async () => {
      const listing = await services.store.listCourseRooms(COURSE, page);
      const week1 = listing.items.find((room) => room.name.startsWith('BIO 101 — Week 1'));
      assert.ok(week1);

      const assets = await services.store.listAssets(week1.id, page);
      assert.equal(assets.items.length, 5);
      const interactions = await services.store.listInteractions(week1.id, page);
      assert.equal(interactions.items.length, 8);
      const poll = interactions.items.find((item) => item.title === 'Which organelle makes ATP?');
      assert.equal(poll?.responseCount, 3);

      const storyboard = await services.store.getStoryboard(week1.id);
      assert.equal(storyboard.items.length, 7);
      assert.deepEqual(
        storyboard.items.map((item) => item.type),
        ['asset', 'slide', 'asset', 'asset', 'slide', 'asset', 'asset'],
      );
    });

    test('pages through a list with a cursor, newest first, without gaps or repeats', async () => {
      const listing = await services.store.listCourseRooms(COURSE, page);
      const week1 = listing.items.find((room) => room.name.startsWith('BIO 101 — Week 1'));
      assert.ok(week1);
      const all = await services.store.listInteractions(week1.id, page);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const slice = await services.store.listInteractions(week1.id, { limit: 3, cursor });
        seen.push(...slice.items.map((item) => item.id));
        cursor = slice.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.items.map((item) => item.id),
      );
    });

    test('stores a blob once, by its SHA-256, however often it is written', async () => {
      const bytes = Buffer.from('the same bytes, twice');
      const first = await services.blobs.put(Readable.from([bytes]));
      const second = await services.blobs.put(Readable.from([bytes]));
      assert.equal(first.sha256, second.sha256);
      assert.equal(first.size, bytes.length);
      assert.equal(await services.blobs.has(first.sha256), true);
    });

    test('seeds the demo course only into an empty store', async () => {
      assert.equal(await seedDemoCourse(services.store, services.blobs), false);
      const empty = await openTestServices(kind);
      try {
        assert.equal(await seedDemoCourse(empty.store, empty.blobs), true);
        assert.equal(await seedDemoCourse(empty.store, empty.blobs), false);
        assert.equal(await countRows(empty, 'rooms'), 3);
      } finally {
        await empty.close();
      }
    });
  });
}
