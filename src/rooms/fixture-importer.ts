import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BlobStore } from './blob-store.js';
import { INTERACTION_STATUSES } from './interaction-content.js';
import type { NewStoryboardItem, RoomStore } from './room-store.js';

const fixtureSchema = z.object({
  format: z.literal('room-fixture/1'),
  lmsCourse: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  users: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      email: z.string().optional(),
      role: z.string().optional(),
    }),
  ),
  rooms: z.array(
    z.object({
      key: z.string().min(1),
      name: z.string().min(1),
      description: z.string().default(''),
      tags: z.array(z.string()).default([]),
      owner: z.string().min(1),
      coEditors: z.array(z.string()).default([]),
      cncEnabled: z.boolean().default(false),
      settings: z.record(z.string(), z.unknown()).default({}),
      assets: z
        .array(
          z.object({
            key: z.string().min(1),
            title: z.string().min(1),
            file: z.string().min(1),
            deleted: z.boolean().default(false),
          }),
        )
        .default([]),
      storyboard: z
        .array(
          z.discriminatedUnion('type', [
            z.object({ type: z.literal('asset'), asset: z.string().min(1) }),
            z.object({
              type: z.literal('slide'),
              title: z.string(),
              notes: z.string().default(''),
            }),
          ]),
        )
        .default([]),
      interactions: z
        .array(
          z.object({
            key: z.string().min(1),
            type: z.string().min(1),
            title: z.string().min(1),
            status: z.enum(INTERACTION_STATUSES),
            deleted: z.boolean().default(false),
            content: z.unknown(),
            responses: z.array(z.record(z.string(), z.unknown())).default([]),
            scheduledFor: z.string().optional(),
          }),
        )
        .default([]),
    }),
  ),
});

export type RoomFixture = z.infer<typeof fixtureSchema>;

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.txt': 'text/plain',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A stable id for an imported record, so importing the same file again finds what it made. */
function importedId(courseId: string, ...keys: string[]): string {
  const hex = createHash('sha256')
    .update([courseId, ...keys].join('\u0000'))
    .digest('hex');
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return [...parts, hex.slice(20, 32)].join('-');
}

/**
 * Loads a `room-fixture/1` file: its users, course, rooms and media. Every record gets an id
 * derived from the file's keys, and a fixture already imported is recognised, so starting again
 * with the same file adds nothing.
 */
export async function importFixture(
  fixturePath: string,
  store: RoomStore,
  blobs: BlobStore,
): Promise<{ imported: boolean; courseId: string; rooms: number }> {
  const raw = JSON.parse(await readFile(fixturePath, 'utf8'));
  const fixture = fixtureSchema.parse(raw);
  const courseId = fixture.lmsCourse.id;
  const fixtureKey = `${fixture.format}:${courseId}`;

  const seen = await store.db.query('SELECT 1 FROM fixture_imports WHERE fixture_key = $1', [
    fixtureKey,
  ]);
  if (seen.rows.length > 0) return { imported: false, courseId, rooms: fixture.rooms.length };

  await store.ensureCourse(fixture.lmsCourse);
  for (const user of fixture.users) {
    await store.upsertUser(user);
    await store.addCourseMember(courseId, user.id, user.role);
  }

  const baseDir = path.dirname(fixturePath);
  for (const room of fixture.rooms) {
    const roomId = importedId(courseId, 'room', room.key);
    await store.createRoom({
      id: roomId,
      name: room.name,
      description: room.description,
      tags: room.tags,
      ownerId: room.owner,
      coEditorIds: room.coEditors,
      cncEnabled: room.cncEnabled,
      settings: room.settings,
      lmsCourseId: courseId,
    });

    const assetIds = new Map<string, string>();
    for (const asset of room.assets) {
      const assetId = importedId(courseId, 'asset', room.key, asset.key);
      const filePath = path.resolve(baseDir, asset.file);
      const stored = await blobs.put(createReadStream(filePath));
      await store.addAsset(roomId, {
        id: assetId,
        title: asset.title,
        contentType: contentTypeOf(asset.file),
        sha256: stored.sha256,
        size: stored.size,
      });
      assetIds.set(asset.key, assetId);
    }

    // The storyboard goes in before assets marked deleted are deleted, as it would have in use.
    const items: NewStoryboardItem[] = room.storyboard.map((item) => {
      if (item.type === 'slide') return { type: 'slide', title: item.title, notes: item.notes };
      const assetId = assetIds.get(item.asset);
      if (!assetId)
        throw new Error(`room ${room.key}: storyboard names unknown asset ${item.asset}`);
      return { type: 'asset', assetId };
    });
    await store.replaceStoryboard(roomId, items);

    for (const asset of room.assets.filter((candidate) => candidate.deleted)) {
      await store.softDeleteAsset(roomId, importedId(courseId, 'asset', room.key, asset.key));
    }

    for (const interaction of room.interactions) {
      const interactionId = importedId(courseId, 'interaction', room.key, interaction.key);
      await store.createInteraction(roomId, {
        id: interactionId,
        type: interaction.type,
        title: interaction.title,
        status: interaction.status,
        content: interaction.content,
        scheduledFor: interaction.scheduledFor ?? null,
      });
      await store.addResponses(
        interactionId,
        interaction.responses.map((response, index) => ({
          id: importedId(courseId, 'response', room.key, interaction.key, String(index)),
          userId: String(response.user ?? 'unknown'),
          payload: response,
        })),
      );
      if (interaction.deleted) await store.softDeleteInteraction(roomId, interactionId);
    }
  }

  await store.db.query(
    'INSERT INTO fixture_imports (fixture_key, course_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [fixtureKey, courseId],
  );
  return { imported: true, courseId, rooms: fixture.rooms.length };
}
