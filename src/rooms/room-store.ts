import { randomUUID } from 'node:crypto';
import { deleteUnreferencedBlobs, lockBlobs, removeBlobFiles } from './blob-references.js';
import type { BlobStore, StagedBlob } from './blob-store.js';
import type { Database, Queryable } from './database.js';
import type {
  Asset,
  Course,
  Interaction,
  Notification,
  Room,
  RoomRole,
  RoomStatus,
  Storyboard,
  StoryboardItem,
} from './model.js';
import { CURSOR_COLUMN, keysetPage, type Page, type PageRequest } from './pagination.js';

interface RoomRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  owner_id: string;
  co_editor_ids: string[] | null;
  cnc_enabled: boolean;
  settings: Record<string, unknown>;
  parent_room_id: string | null;
  status: RoomStatus;
  lms_course_id: string | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const ROOM_COLUMNS = `r.id, r.name, r.description, r.tags, r.owner_id, r.cnc_enabled, r.settings,
  r.parent_room_id, r.status, r.lms_course_id, r.created_at, r.updated_at,
  r.created_at::text AS cursor_at,
  ARRAY(SELECT user_id FROM room_co_editors c WHERE c.room_id = r.id ORDER BY user_id)
    AS co_editor_ids`;

function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    ownerId: row.owner_id,
    coEditorIds: row.co_editor_ids ?? [],
    cncEnabled: row.cnc_enabled,
    settings: row.settings,
    parentRoomId: row.parent_room_id,
    status: row.status,
    lmsCourseId: row.lms_course_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

interface AssetRow {
  id: string;
  room_id: string;
  title: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: Date;
  cursor_at: string;
}

function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    roomId: row.room_id,
    title: row.title,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at.toISOString(),
  };
}

interface InteractionRow {
  id: string;
  room_id: string;
  type: string;
  title: string;
  status: Interaction['status'];
  content: unknown;
  scheduled_for: Date | null;
  response_count: number;
  created_at: Date;
  cursor_at: string;
}

function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    roomId: row.room_id,
    type: row.type,
    title: row.title,
    status: row.status,
    content: row.content,
    scheduledFor: row.scheduled_for ? row.scheduled_for.toISOString() : null,
    responseCount: Number(row.response_count),
    createdAt: row.created_at.toISOString(),
  };
}

interface NotificationRow {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  room_id: string | null;
  clone_id: string | null;
  created_at: Date;
  read_at: Date | null;
  cursor_at: string;
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    roomId: row.room_id,
    cloneId: row.clone_id,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

export interface NewRoom {
  id?: string;
  name: string;
  description?: string;
  tags?: string[];
  ownerId: string;
  coEditorIds?: string[];
  cncEnabled?: boolean;
  settings?: Record<string, unknown>;
  lmsCourseId?: string | null;
}

/** The editable fields of a room; `settings` replaces the whole object. */
export interface RoomPatch {
  name?: string;
  description?: string;
  tags?: string[];
  settings?: Record<string, unknown>;
  cncEnabled?: boolean;
}

const ROOM_PATCH_COLUMNS: Record<keyof RoomPatch, string> = {
  name: 'name',
  description: 'description',
  tags: 'tags',
  settings: 'settings',
  cncEnabled: 'cnc_enabled',
};

export type NewStoryboardItem =
  | { type: 'asset'; assetId: string }
  | { type: 'slide'; title: string; notes?: string };

export interface NewInteraction {
  id?: string;
  type: string;
  title: string;
  status?: Interaction['status'];
  content: unknown;
  scheduledFor?: string | null;
}

/**
 * Item writers take a share lock on their room's row; a clone's snapshot takes an exclusive one.
 * So the snapshot waits for writes in flight, and a write after it is stamped after it.
 */
export async function lockRoomForItemWrite(tx: Queryable, roomId: string): Promise<boolean> {
  const locked = await tx.query(
    'SELECT 1 FROM rooms WHERE id = $1 AND deleted_at IS NULL FOR SHARE',
    [roomId],
  );
  return locked.rows.length > 0;
}

export class RoomNotFoundError extends Error {
  constructor(readonly roomId: string) {
    super(`room ${roomId} does not exist`);
    this.name = 'RoomNotFoundError';
  }
}

/** A storyboard names assets that are not live assets of its room; `positions` says which. */
export class StoryboardAssetError extends Error {
  constructor(readonly positions: number[]) {
    super(`storyboard items ${positions.join(', ')} name no live asset of this room`);
    this.name = 'StoryboardAssetError';
  }
}

/** Reads and writes of rooms and their contents: the system of record behind the API. */
export class RoomStore {
  constructor(
    readonly db: Database,
    private readonly blobs: BlobStore,
  ) {}

  async upsertUser(user: { id: string; name: string; email?: string; role?: string }) {
    await this.db.query(
      `INSERT INTO users (id, name, email, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [user.id, user.name, user.email ?? null, user.role ?? null],
    );
  }

  async listUsers(): Promise<{ id: string; name: string; role: string | null }[]> {
    const result = await this.db.query<{ id: string; name: string; role: string | null }>(
      'SELECT id, name, role FROM users ORDER BY name, id',
    );
    return result.rows;
  }

  async ensureCourse(course: { id: string; name: string }) {
    await this.db.query(
      'INSERT INTO courses (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [course.id, course.name],
    );
  }

  async addCourseMember(courseId: string, userId: string, role?: string) {
    await this.db.query(
      `INSERT INTO course_members (course_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [courseId, userId, role ?? null],
    );
  }

  async countRooms(): Promise<number> {
    const result = await this.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM rooms',
    );
    return Number(result.rows[0]?.count ?? 0);
  }

  /** Creates a ready room and lists it in its course; `id` lets an importer stay idempotent. */
  async createRoom(room: NewRoom): Promise<Room> {
    const id = room.id ?? randomUUID();
    await this.db.transaction(async (tx) => {
      const created = await tx.query(
        `INSERT INTO rooms (id, name, description, tags, owner_id, cnc_enabled, settings,
                            lms_course_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'ready')
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          id,
          room.name,
          room.description ?? '',
          room.tags ?? [],
          room.ownerId,
          room.cncEnabled ?? false,
          JSON.stringify(room.settings ?? {}),
          room.lmsCourseId ?? null,
        ],
      );
      if (created.rows.length === 0) return;

      for (const userId of new Set(room.coEditorIds ?? [])) {
        if (userId === room.ownerId) continue;
        await tx.query('INSERT INTO room_co_editors (room_id, user_id) VALUES ($1, $2)', [
          id,
          userId,
        ]);
      }
      if (room.lmsCourseId) {
        await tx.query(
          'INSERT INTO course_rooms (course_id, room_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [room.lmsCourseId, id],
        );
      }
    });
    return this.requireRoom(id);
  }

  async getRoom(roomId: string): Promise<Room | null> {
    const result = await this.db.query<RoomRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = $1 AND r.deleted_at IS NULL`,
      [roomId],
    );
    const row = result.rows[0];
    return row ? toRoom(row) : null;
  }

  async requireRoom(roomId: string): Promise<Room> {
    const room = await this.getRoom(roomId);
    if (!room) throw new RoomNotFoundError(roomId);
    return room;
  }

  /** Applies `patch` to a room that is not deleted; null when there is no such room. */
  async updateRoom(roomId: string, patch: RoomPatch): Promise<Room | null> {
    const params: unknown[] = [roomId];
    const assignments: string[] = [];
    for (const [field, column] of Object.entries(ROOM_PATCH_COLUMNS)) {
      const value = patch[field as keyof RoomPatch];
      if (value === undefined) continue;
      params.push(field === 'settings' ? JSON.stringify(value) : value);
      assignments.push(`${column} = $${params.length}${field === 'settings' ? '::jsonb' : ''}`);
    }
    const updated = await this.db.query(
      `UPDATE rooms SET ${[...assignments, 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      params,
    );
    return updated.rows.length > 0 ? this.getRoom(roomId) : null;
  }

  /**
   * Replaces the room's co-editors. The exclusive row lock orders this against a clone's
   * precondition check, which reads the co-editors under the same lock.
   */
  async setCoEditors(roomId: string, userIds: string[]): Promise<Room | null> {
    const found = await this.db.transaction(async (tx) => {
      const room = await tx.query<{ owner_id: string }>(
        'SELECT owner_id FROM rooms WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
        [roomId],
      );
      const ownerId = room.rows[0]?.owner_id;
      if (ownerId === undefined) return false;
      await tx.query('DELETE FROM room_co_editors WHERE room_id = $1', [roomId]);
      await tx.query(
        `INSERT INTO room_co_editors (room_id, user_id)
         SELECT $1, u FROM unnest($2::text[]) AS u WHERE u <> $3 ON CONFLICT DO NOTHING`,
        [roomId, [...new Set(userIds)], ownerId],
      );
      await tx.query('UPDATE rooms SET updated_at = now() WHERE id = $1', [roomId]);
      return true;
    });
    return found ? this.getRoom(roomId) : null;
  }

  /**
   * Soft-deletes a room: it leaves every listing and answers as absent, while its rows stay for
   * clones whose snapshots predate the deletion. Frees the blobs nothing else references.
   */
  async deleteRoom(roomId: string): Promise<boolean> {
    const outcome = await this.db.transaction(async (tx) => {
      const deleted = await tx.query(
        `UPDATE rooms SET deleted_at = clock_timestamp(), updated_at = now()
         WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [roomId],
      );
      if (deleted.rows.length === 0) return { deleted: false, released: [] };
      const hashes = await tx.query<{ sha256: string }>(
        'SELECT DISTINCT sha256 FROM assets WHERE room_id = $1',
        [roomId],
      );
      const released = await deleteUnreferencedBlobs(
        tx,
        hashes.rows.map((row) => row.sha256),
      );
      return { deleted: true, released };
    });
    await removeBlobFiles(this.db, this.blobs, outcome.released);
    return outcome.deleted;
  }

  /**
   * How `userId` stands to the room: owner, co-editor, or member of the room's course. A clone
   * still being built, or one that failed, is visible to its owner only.
   */
  async roomRole(roomId: string, userId: string): Promise<RoomRole | null> {
    const result = await this.db.query<{ role: RoomRole | null }>(
      `SELECT CASE
         WHEN r.owner_id = $2 THEN 'owner'
         WHEN r.status <> 'ready' THEN NULL
         WHEN EXISTS (SELECT 1 FROM room_co_editors c WHERE c.room_id = r.id AND c.user_id = $2)
           THEN 'co-editor'
         WHEN EXISTS (SELECT 1 FROM course_members m
                      WHERE m.course_id = r.lms_course_id AND m.user_id = $2)
           THEN 'member'
       END AS role
       FROM rooms r WHERE r.id = $1 AND r.deleted_at IS NULL`,
      [roomId, userId],
    );
    return result.rows[0]?.role ?? null;
  }

  /** Ready rooms the user owns or co-edits, newest first; a clone in progress is not one yet. */
  async listRoomsOfUser(userId: string, page: PageRequest): Promise<Page<Room>> {
    const keyset = keysetPage<RoomRow>(page, 1, 'r');
    const result = await this.db.query<RoomRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r
       WHERE r.deleted_at IS NULL AND r.status = 'ready'
         AND (r.owner_id = $1
              OR EXISTS (SELECT 1 FROM room_co_editors c WHERE c.room_id = r.id AND c.user_id = $1))
         AND ${keyset.condition}
       ${keyset.order}`,
      [userId, ...keyset.params],
    );
    return keyset.cut(result.rows, toRoom);
  }

  /** The courses the user is a member of, newest first. */
  async listCoursesOfUser(userId: string, page: PageRequest): Promise<Page<Course>> {
    const keyset = keysetPage<Course & { cursor_at: string }>(page, 1, 'c');
    const result = await this.db.query<Course & { cursor_at: string }>(
      `SELECT c.id, c.name, c.created_at::text AS cursor_at FROM courses c
       JOIN course_members m ON m.course_id = c.id AND m.user_id = $1
       WHERE ${keyset.condition}
       ${keyset.order}`,
      [userId, ...keyset.params],
    );
    return keyset.cut(result.rows, (row) => ({ id: row.id, name: row.name }));
  }

  async isCourseMember(courseId: string, userId: string): Promise<boolean> {
    const result = await this.db.query(
      'SELECT 1 FROM course_members WHERE course_id = $1 AND user_id = $2',
      [courseId, userId],
    );
    return result.rows.length > 0;
  }

  /** The course's listing: rooms that are listed in it, newest first. */
  async listCourseRooms(courseId: string, page: PageRequest): Promise<Page<Room>> {
    const keyset = keysetPage<RoomRow>(page, 1, 'r');
    const result = await this.db.query<RoomRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r
       JOIN course_rooms l ON l.room_id = r.id AND l.course_id = $1
       WHERE r.deleted_at IS NULL AND r.status = 'ready' AND ${keyset.condition}
       ${keyset.order}`,
      [courseId, ...keyset.params],
    );
    return keyset.cut(result.rows, toRoom);
  }

  /**
   * Adds an asset whose bytes are already in the blob store under `asset.sha256`. For start-up
   * loaders: nothing frees blobs then. Uploads go through addUploadedAsset.
   */
  async addAsset(
    roomId: string,
    asset: { id?: string; title: string; contentType: string; sha256: string; size: number },
  ): Promise<Asset> {
    return this.insertAsset(roomId, asset);
  }

  /**
   * Adds an asset for an upload staged in the blob store. The bytes move into place under the
   * blob's lock, inside the transaction that records them, so a concurrent deletion that frees
   * the same blob either sees this asset or runs before the bytes arrive.
   */
  async addUploadedAsset(
    roomId: string,
    asset: { title: string; contentType: string },
    staged: StagedBlob,
  ): Promise<Asset> {
    return this.insertAsset(roomId, { ...asset, sha256: staged.sha256, size: staged.size }, () =>
      staged.place(),
    );
  }

  private async insertAsset(
    roomId: string,
    asset: { id?: string; title: string; contentType: string; sha256: string; size: number },
    placeBytes?: () => Promise<void>,
  ): Promise<Asset> {
    const id = asset.id ?? randomUUID();
    await this.db.transaction(async (tx) => {
      if (!(await lockRoomForItemWrite(tx, roomId))) throw new RoomNotFoundError(roomId);
      await lockBlobs(tx, [asset.sha256]);
      await tx.query(
        'INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING',
        [asset.sha256, asset.size],
      );
      await tx.query(
        `INSERT INTO assets (id, room_id, title, content_type, size, sha256)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [id, roomId, asset.title, asset.contentType, asset.size, asset.sha256],
      );
      await placeBytes?.();
    });
    const created = await this.getAsset(id);
    if (!created) throw new Error(`asset ${id} vanished after insert`);
    return created;
  }

  /** Soft-deletes an asset; its blob goes too once nothing references it any more. */
  async softDeleteAsset(roomId: string, assetId: string): Promise<boolean> {
    const outcome = await this.db.transaction(async (tx) => {
      if (!(await lockRoomForItemWrite(tx, roomId))) return { deleted: false, released: [] };
      const result = await tx.query<{ sha256: string }>(
        `UPDATE assets SET deleted_at = clock_timestamp()
         WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL RETURNING sha256`,
        [assetId, roomId],
      );
      const released = await deleteUnreferencedBlobs(
        tx,
        result.rows.map((row) => row.sha256),
      );
      return { deleted: result.rows.length > 0, released };
    });
    await removeBlobFiles(this.db, this.blobs, outcome.released);
    return outcome.deleted;
  }

  async getAsset(assetId: string): Promise<Asset | null> {
    const result = await this.db.query<AssetRow>(
      `SELECT a.*, a.created_at::text AS cursor_at FROM assets a
       JOIN rooms r ON r.id = a.room_id AND r.deleted_at IS NULL
       WHERE a.id = $1 AND a.deleted_at IS NULL`,
      [assetId],
    );
    const row = result.rows[0];
    return row ? toAsset(row) : null;
  }

  async listAssets(roomId: string, page: PageRequest): Promise<Page<Asset>> {
    const keyset = keysetPage<AssetRow>(page, 1);
    const result = await this.db.query<AssetRow>(
      `SELECT *, ${CURSOR_COLUMN} FROM assets
       WHERE room_id = $1 AND deleted_at IS NULL AND ${keyset.condition} ${keyset.order}`,
      [roomId, ...keyset.params],
    );
    return keyset.cut(result.rows, toAsset);
  }

  /**
   * Retires the current storyboard and stores `items` in its place, in one transaction. Every
   * asset item must name a live asset of the room (StoryboardAssetError otherwise); those assets
   * are share-locked, so none is deleted before the new storyboard is in.
   */
  async replaceStoryboard(roomId: string, items: NewStoryboardItem[]): Promise<Storyboard> {
    await this.db.transaction(async (tx) => {
      if (!(await lockRoomForItemWrite(tx, roomId))) throw new RoomNotFoundError(roomId);
      const named = items.flatMap((item) => (item.type === 'asset' ? [item.assetId] : []));
      const live = await tx.query<{ id: string }>(
        `SELECT id FROM assets WHERE room_id = $1 AND id = ANY($2::text[]) AND deleted_at IS NULL
         FOR SHARE`,
        [roomId, [...new Set(named)]],
      );
      const liveIds = new Set(live.rows.map((row) => row.id));
      const unknown = items.flatMap((item, position) =>
        item.type === 'asset' && !liveIds.has(item.assetId) ? [position] : [],
      );
      if (unknown.length > 0) throw new StoryboardAssetError(unknown);
      await tx.query(
        `UPDATE storyboard_items SET deleted_at = clock_timestamp()
         WHERE room_id = $1 AND deleted_at IS NULL`,
        [roomId],
      );
      const rows = items.map((item, position) => ({
        id: randomUUID(),
        position,
        type: item.type,
        asset_id: item.type === 'asset' ? item.assetId : null,
        title: item.type === 'slide' ? item.title : null,
        notes: item.type === 'slide' ? (item.notes ?? '') : null,
      }));
      await tx.query(
        `INSERT INTO storyboard_items (id, room_id, position, type, asset_id, title, notes)
         SELECT i.id, $1, i.position, i.type, i.asset_id, i.title, i.notes
         FROM jsonb_to_recordset($2::jsonb)
           AS i(id text, position int, type text, asset_id text, title text, notes text)`,
        [roomId, JSON.stringify(rows)],
      );
    });
    return this.getStoryboard(roomId);
  }

  async getStoryboard(roomId: string): Promise<Storyboard> {
    const result = await this.db.query<{
      id: string;
      type: 'asset' | 'slide';
      asset_id: string | null;
      title: string | null;
      notes: string | null;
    }>(
      `SELECT id, type, asset_id, title, notes FROM storyboard_items
       WHERE room_id = $1 AND deleted_at IS NULL ORDER BY position, id`,
      [roomId],
    );
    const items: StoryboardItem[] = result.rows.map((row) =>
      row.type === 'asset'
        ? { id: row.id, type: 'asset', assetId: row.asset_id ?? '' }
        : { id: row.id, type: 'slide', title: row.title ?? '', notes: row.notes ?? '' },
    );
    return { roomId, items };
  }

  async createInteraction(roomId: string, interaction: NewInteraction): Promise<Interaction> {
    const id = interaction.id ?? randomUUID();
    await this.db.transaction(async (tx) => {
      if (!(await lockRoomForItemWrite(tx, roomId))) throw new RoomNotFoundError(roomId);
      await tx.query(
        `INSERT INTO interactions (id, room_id, type, title, status, content, scheduled_for)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (id) DO NOTHING`,
        [
          id,
          roomId,
          interaction.type,
          interaction.title,
          interaction.status ?? 'draft',
          JSON.stringify(interaction.content),
          interaction.scheduledFor ?? null,
        ],
      );
    });
    const created = await this.getInteraction(id);
    if (!created) throw new Error(`interaction ${id} vanished after insert`);
    return created;
  }

  async softDeleteInteraction(roomId: string, interactionId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await lockRoomForItemWrite(tx, roomId))) return false;
      const result = await tx.query(
        `UPDATE interactions SET deleted_at = clock_timestamp()
         WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL`,
        [interactionId, roomId],
      );
      return result.rowCount > 0;
    });
  }

  async addResponses(
    interactionId: string,
    responses: { id?: string; userId: string; payload: unknown }[],
  ): Promise<void> {
    const rows = responses.map((response) => ({
      id: response.id ?? randomUUID(),
      user_id: response.userId,
      payload: response.payload,
    }));
    await this.db.query(
      `INSERT INTO interaction_responses (id, interaction_id, user_id, payload)
       SELECT r.id, $1, r.user_id, r.payload
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, user_id text, payload jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [interactionId, JSON.stringify(rows)],
    );
  }

  private interactionQuery(where: string): string {
    return `SELECT i.*, i.created_at::text AS cursor_at,
              (SELECT count(*)::int FROM interaction_responses x WHERE x.interaction_id = i.id)
                AS response_count
            FROM interactions i WHERE ${where}`;
  }

  async getInteraction(interactionId: string): Promise<Interaction | null> {
    const result = await this.db.query<InteractionRow>(
      this.interactionQuery('i.id = $1 AND i.deleted_at IS NULL'),
      [interactionId],
    );
    const row = result.rows[0];
    return row ? toInteraction(row) : null;
  }

  async listInteractions(roomId: string, page: PageRequest): Promise<Page<Interaction>> {
    const keyset = keysetPage<InteractionRow>(page, 1, 'i');
    const result = await this.db.query<InteractionRow>(
      `${this.interactionQuery(`i.room_id = $1 AND i.deleted_at IS NULL AND ${keyset.condition}`)}
       ${keyset.order}`,
      [roomId, ...keyset.params],
    );
    return keyset.cut(result.rows, toInteraction);
  }

  async listNotifications(userId: string, page: PageRequest): Promise<Page<Notification>> {
    const keyset = keysetPage<NotificationRow>(page, 1);
    const result = await this.db.query<NotificationRow>(
      `SELECT *, ${CURSOR_COLUMN} FROM notifications
       WHERE user_id = $1 AND ${keyset.condition} ${keyset.order}`,
      [userId, ...keyset.params],
    );
    return keyset.cut(result.rows, toNotification);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
