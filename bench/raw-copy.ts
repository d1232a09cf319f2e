import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database } from '../src/rooms/database.js';

/**
 * The limit: the same copy as one transaction of INSERT ... SELECT in the same database, with
 * nothing between the statements and the rows. Returns its time; the copy is removed after the
 * clock stops so the database does not grow by it.
 */
export async function rawSqlCopy(db: Database, sourceRoomId: string): Promise<number> {
  const targetRoomId = randomUUID();
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO rooms (id, name, description, tags, owner_id, cnc_enabled, settings,
                          parent_room_id, status, lms_course_id)
       SELECT $2, 'Cloned - ' || r.name, r.description, r.tags, r.owner_id, r.cnc_enabled,
              r.settings, r.id, 'ready', r.lms_course_id
       FROM rooms r WHERE r.id = $1`,
      [sourceRoomId, targetRoomId],
    );
    await tx.query(
      `INSERT INTO assets (id, room_id, title, content_type, size, sha256, source_asset_id)
       SELECT gen_random_uuid()::text, $2, a.title, a.content_type, a.size, a.sha256, a.id
       FROM assets a WHERE a.room_id = $1 AND a.deleted_at IS NULL`,
      [sourceRoomId, targetRoomId],
    );
    await tx.query(
      `INSERT INTO storyboard_items (id, room_id, position, type, asset_id, title, notes,
                                     source_item_id)
       SELECT gen_random_uuid()::text, $2, s.position, s.type, t.id, s.title, s.notes, s.id
       FROM storyboard_items s
       LEFT JOIN assets t ON t.room_id = $2 AND t.source_asset_id = s.asset_id
       WHERE s.room_id = $1 AND s.deleted_at IS NULL`,
      [sourceRoomId, targetRoomId],
    );
    await tx.query(
      `INSERT INTO interactions (id, room_id, type, title, status, content, scheduled_for,
                                 source_interaction_id)
       SELECT gen_random_uuid()::text, $2, i.type, i.title, 'draft', i.content, NULL, i.id
       FROM interactions i WHERE i.room_id = $1 AND i.deleted_at IS NULL`,
      [sourceRoomId, targetRoomId],
    );
  });
  const elapsed = performance.now() - started;

  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM storyboard_items WHERE room_id = $1', [targetRoomId]);
    await tx.query('DELETE FROM interactions WHERE room_id = $1', [targetRoomId]);
    await tx.query('DELETE FROM assets WHERE room_id = $1', [targetRoomId]);
    await tx.query('DELETE FROM rooms WHERE id = $1', [targetRoomId]);
  });
  return elapsed;
}
