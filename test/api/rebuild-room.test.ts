import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cloneOutcome } from '../support/clones.js';
import { downloadAsset, sha256, uploadAsset } from '../support/media.js';
import { SAMPLE_FIXTURE } from '../support/paths.js';
import type { StoreKind } from '../support/services.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
};

interface FixtureRoom {
  key: string;
  name: string;
  description: string;
  tags: string[];
  owner: string;
  coEditors: string[];
  cncEnabled: boolean;
  settings: Record<string, unknown>;
  assets: { key: string; title: string; file: string; deleted?: boolean }[];
  storyboard: (
    | { type: 'asset'; asset: string }
    | { type: 'slide'; title: string; notes: string }
  )[];
  interactions: {
    type: string;
    title: string;
    status: string;
    deleted?: boolean;
    content: unknown;
    scheduledFor?: string;
  }[];
}

// The done-when of the room platform: "bio101-week1" rebuilt through the API alone, then cloned.
for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`bio101-week1 rebuilt through the API and cloned, on ${kind}`, () => {
    let stack: TestStack;
    let course: { id: string };
    let week1: FixtureRoom;
    const fixtureDir = path.dirname(SAMPLE_FIXTURE);

    before(async () => {
      const fixture = JSON.parse(await readFile(SAMPLE_FIXTURE, 'utf8'));
      course = fixture.lmsCourse;
      week1 = fixture.rooms.find((room: FixtureRoom) => room.key === 'bio101-week1');
      // The course and its members come from the LMS; the sample import provides them.
      stack = await startTestStack({ store: kind });
    });
    after(() => stack.stop());

    test('rebuilds the room, clones it, and the clone outlives its source', async () => {
      const owner = week1.owner;
      const importedId = await stack.roomIdByName(week1.name);

      // Room, settings and C&C, listed in the course; then its co-editors.
      const created = await stack.call('POST', '/api/rooms', {
        user: owner,
        body: {
          name: week1.name,
          description: week1.description,
          tags: week1.tags,
          settings: week1.settings,
          cncEnabled: week1.cncEnabled,
          lmsCourseId: course.id,
        },
      });
      assert.equal(created.status, 201);
      const roomId = created.body.id;
      const coEditors = await stack.call('PUT', `/api/rooms/${roomId}/co-editors`, {
        user: owner,
        body: { userIds: week1.coEditors },
      });
      assert.equal(coEditors.status, 200);
      assert.deepEqual(coEditors.body.coEditorIds, week1.coEditors);

      // The six media files, each downloaded byte-identical.
      const assetIds = new Map<string, string>();
      const fileBytes = new Map<string, Buffer>();
      for (const asset of week1.assets) {
        const bytes = await readFile(path.join(fixtureDir, asset.file));
        fileBytes.set(asset.key, bytes);
        const uploaded = await uploadAsset(stack, roomId, {
          user: owner,
          bytes,
          title: asset.title,
          contentType: CONTENT_TYPES[path.extname(asset.file)],
          filename: path.basename(asset.file),
        });
        assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
        assetIds.set(asset.key, uploaded.body.id);
        const download = await downloadAsset(stack, uploaded.body.id, owner);
        assert.equal(sha256(download.bytes), sha256(bytes), `${asset.title} round-trips`);
      }
      assert.equal(assetIds.size, 6);

      // The storyboard goes in while every asset is live, then the deleted one goes.
      const storyboard = await stack.call('PUT', `/api/rooms/${roomId}/storyboard`, {
        user: week1.coEditors[0],
        body: {
          items: week1.storyboard.map((item) =>
            item.type === 'asset'
              ? { type: 'asset', assetId: assetIds.get(item.asset) }
              : { type: 'slide', title: item.title, notes: item.notes },
          ),
        },
      });
      assert.equal(storyboard.status, 200, JSON.stringify(storyboard.body));
      for (const asset of week1.assets.filter((candidate) => candidate.deleted)) {
        const removed = await stack.call(
          'DELETE',
          `/api/rooms/${roomId}/assets/${assetIds.get(asset.key)}`,
          { user: owner },
        );
        assert.equal(removed.status, 204);
      }

      // Interactions, the deleted ones created and then deleted.
      for (const interaction of week1.interactions) {
        const { deleted, ...body } = interaction;
        const made = await stack.call('POST', `/api/rooms/${roomId}/interactions`, {
          user: owner,
          body: {
            type: body.type,
            title: body.title,
            status: body.status,
            content: body.content,
            ...(body.scheduledFor ? { scheduledFor: body.scheduledFor } : {}),
          },
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        assert.deepEqual(made.body.content, body.content);
        if (deleted) {
          const removed = await stack.call(
            'DELETE',
            `/api/rooms/${roomId}/interactions/${made.body.id}`,
            { user: owner },
          );
          assert.equal(removed.status, 204);
        }
      }

      // The rebuilt room reads as the imported one does.
      const [rebuilt, imported] = await Promise.all(
        [roomId, importedId].map(async (id) => ({
          room: (await stack.call('GET', `/api/rooms/${id}`, { user: owner })).body,
          assets: (await stack.call('GET', `/api/rooms/${id}/assets`, { user: owner })).body.items,
          storyboard: (await stack.call('GET', `/api/rooms/${id}/storyboard`, { user: owner })).body
            .items,
          interactions: (await stack.call('GET', `/api/rooms/${id}/interactions`, { user: owner }))
            .body.items,
        })),
      );
      assert.ok(rebuilt && imported);
      for (const field of ['name', 'description', 'tags', 'settings', 'cncEnabled', 'ownerId']) {
        assert.deepEqual(rebuilt.room[field], imported.room[field], field);
      }
      assert.deepEqual(rebuilt.room.coEditorIds, imported.room.coEditorIds);
      const assetKey = (asset: { title: string; sha256: string; contentType: string }) =>
        `${asset.title}|${asset.sha256}|${asset.contentType}`;
      assert.deepEqual(rebuilt.assets.map(assetKey).sort(), imported.assets.map(assetKey).sort());
      const titleOf = (assets: { id: string; title: string }[], id: string) =>
        assets.find((asset) => asset.id === id)?.title;
      const itemKey =
        (assets: { id: string; title: string }[]) =>
        (item: { type: string; assetId?: string; title?: string; notes?: string }) =>
          item.type === 'asset'
            ? `asset:${titleOf(assets, item.assetId as string)}`
            : `slide:${item.title}:${item.notes}`;
      assert.deepEqual(
        rebuilt.storyboard.map(itemKey(rebuilt.assets)),
        imported.storyboard.map(itemKey(imported.assets)),
      );
      const interactionKey = (item: { title: string; status: string; scheduledFor: unknown }) =>
        `${item.title}|${item.status}|${item.scheduledFor}`;
      assert.deepEqual(
        rebuilt.interactions.map(interactionKey).sort(),
        imported.interactions.map(interactionKey).sort(),
      );

      // Cloned by its co-editor: the outcome the fixture table gives.
      const initiator = week1.coEditors[0] as string;
      const started = await stack.call('POST', `/api/rooms/${roomId}/clones`, {
        user: initiator,
        body: {},
      });
      assert.equal(started.status, 202);
      const clone = await cloneOutcome(stack, started.body.id, initiator);
      assert.equal(clone.status, 'completed');
      assert.deepEqual(clone.issues, []);
      const targetId = clone.targetRoomId as string;
      const copy = (await stack.call('GET', `/api/rooms/${targetId}`, { user: initiator })).body;
      assert.equal(copy.name, `Cloned - ${week1.name}`);
      assert.equal(copy.ownerId, initiator);
      assert.deepEqual(copy.coEditorIds, []);
      assert.equal(copy.parentRoomId, roomId);
      assert.deepEqual(copy.settings, week1.settings);
      assert.equal(copy.cncEnabled, true);

      const copiedAssets = (
        await stack.call('GET', `/api/rooms/${targetId}/assets`, { user: owner })
      ).body.items;
      assert.equal(copiedAssets.length, 5);
      const copiedItems = (
        await stack.call('GET', `/api/rooms/${targetId}/storyboard`, { user: owner })
      ).body.items;
      assert.equal(copiedItems.length, 7);
      for (const item of copiedItems.filter((entry: { type: string }) => entry.type === 'asset')) {
        assert.ok(
          copiedAssets.some((asset: { id: string }) => asset.id === item.assetId),
          'each asset item points at the copy in the new room',
        );
      }
      const drafts = (
        await stack.call('GET', `/api/rooms/${targetId}/interactions`, { user: owner })
      ).body.items;
      assert.equal(drafts.length, 8);
      for (const draft of drafts) {
        assert.equal(draft.status, 'draft');
        assert.equal(draft.scheduledFor, null);
        assert.equal(draft.responseCount, 0);
      }

      // The source goes; the clone's media stays downloadable, byte for byte.
      const deleted = await stack.call('DELETE', `/api/rooms/${roomId}`, { user: owner });
      assert.equal(deleted.status, 204);
      for (const asset of week1.assets.filter((candidate) => !candidate.deleted)) {
        const copyOf = copiedAssets.find((item: { title: string }) => item.title === asset.title);
        assert.ok(copyOf, `${asset.title} was copied`);
        const download = await downloadAsset(stack, copyOf.id, initiator);
        assert.equal(download.status, 200);
        assert.equal(sha256(download.bytes), sha256(fileBytes.get(asset.key) as Buffer));
      }
      const listing = await stack.call('GET', `/api/rooms?courseId=${course.id}`, { user: owner });
      const ids = listing.body.items.map((item: { id: string }) => item.id);
      assert.ok(ids.includes(targetId) && !ids.includes(roomId));
    });
  });
}
