import { randomUUID } from 'node:crypto';
import type { CloneIssue } from '../shared/clone-contract.js';
import { CloneFailureType } from '../shared/errors.js';
import type { CloneMetadata } from '../shared/metadata.js';
import { deleteUnreferencedBlobs, removeBlobFiles } from './blob-references.js';
import type { BlobStore } from './blob-store.js';
import type { Database, Queryable } from './database.js';
import { interactionContentProblem } from './interaction-content.js';

// The blob lifetime rule is shared with room and asset deletion; kept importable from here.
export { deleteUnreferencedBlobs };

/** A clone step that no retry can fix; `type` is one of CloneFailureType. */
export class CloneStepError extends Error {
  constructor(
    readonly type: CloneFailureType,
    message: string,
  ) {
    super(message);
    this.name = 'CloneStepError';
  }
}

export interface PreparedClone {
  targetRoomId: string;
  snapshotAt: string;
  totals: { assets: number; storyboard: number; interactions: number };
}

export interface BatchResult {
  /** Source items this batch covered: copied, already copied by an earlier attempt, or skipped. */
  processed: number;
  /** Where the next batch starts; null when the component is done. */
  cursor: string | null;
  issues: CloneIssue[];
}

interface CloneRun {
  clone_id: string;
  source_room_id: string;
  target_room_id: string;
  initiator_id: string;
  snapshot_at: string;
}

// Rows that existed at the snapshot: created before it, and not deleted before it.
const AT_SNAPSHOT = (alias: string, snapshotParam: string) =>
  `${alias}.created_at <= ${snapshotParam}::timestamptz
   AND (${alias}.deleted_at IS NULL OR ${alias}.deleted_at > ${snapshotParam}::timestamptz)`;

/**
 * The store's side of CloneRoom. Every operation is idempotent: new rows carry the id of the
 * row they copy under a unique key, so running an operation again adds nothing.
 */
export class CloneCopier {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
  ) {}

  /**
   * Checks the preconditions, takes the snapshot and creates the target room in `cloning`.
   * The exclusive lock on the source row orders the snapshot against item writes.
   */
  async prepare(request: {
    cloneId: string;
    sourceRoomId: string;
    initiatorId: string;
    metadata: CloneMetadata;
  }): Promise<PreparedClone> {
    return this.db.transaction(async (tx) => {
      const existing = await this.findRun(tx, request.cloneId);
      if (existing) return this.describePrepared(tx, existing);

      const source = await tx.query<{
        owner_id: string;
        cnc_enabled: boolean;
        lms_course_id: string | null;
        settings: Record<string, unknown>;
        co_editor: boolean;
        status: string;
      }>(
        `SELECT owner_id, cnc_enabled, lms_course_id, settings, status,
                EXISTS (SELECT 1 FROM room_co_editors c
                        WHERE c.room_id = r.id AND c.user_id = $2) AS co_editor
         FROM rooms r WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [request.sourceRoomId, request.initiatorId],
      );
      const room = source.rows[0];
      if (!room) {
        throw new CloneStepError(
          CloneFailureType.SourceRoomNotFound,
          `room ${request.sourceRoomId} does not exist`,
        );
      }
      if (room.status !== 'ready') {
        throw new CloneStepError(
          CloneFailureType.SourceRoomNotReady,
          `room ${request.sourceRoomId} is ${room.status}: only a ready room can be cloned`,
        );
      }
      if (room.owner_id !== request.initiatorId && !room.co_editor) {
        throw new CloneStepError(
          CloneFailureType.CloneNotPermitted,
          'only the owner or a co-editor of a room may clone it',
        );
      }
      if (!room.cnc_enabled) {
        throw new CloneStepError(
          CloneFailureType.CncDisabled,
          'chat and collaboration is not enabled for this room',
        );
      }

      // The room and its run in one statement: fewer round trips on the embedded store.
      const created = await tx.query<CloneRun>(
        `WITH room AS (
           INSERT INTO rooms (id, name, description, tags, owner_id, cnc_enabled, settings,
                              parent_room_id, status, lms_course_id, clone_id)
           VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb, $7, 'cloning', $8, $9)
           RETURNING id)
         INSERT INTO clone_runs (clone_id, source_room_id, target_room_id, initiator_id,
                                 snapshot_at, source_settings)
         SELECT $9, $7, room.id, $5, clock_timestamp(), $10::jsonb FROM room
         RETURNING clone_id, source_room_id, target_room_id, initiator_id, snapshot_at::text`,
        [
          randomUUID(),
          request.metadata.name,
          request.metadata.description,
          request.metadata.tags,
          request.initiatorId,
          room.cnc_enabled,
          request.sourceRoomId,
          room.lms_course_id,
          request.cloneId,
          JSON.stringify(room.settings),
        ],
      );
      const run = created.rows[0];
      if (!run) throw new Error(`clone run ${request.cloneId} vanished after insert`);
      return this.describePrepared(tx, run);
    });
  }

  private async findRun(tx: Queryable, cloneId: string): Promise<CloneRun | null> {
    const result = await tx.query<CloneRun>(
      `SELECT clone_id, source_room_id, target_room_id, initiator_id, snapshot_at::text
       FROM clone_runs WHERE clone_id = $1`,
      [cloneId],
    );
    return result.rows[0] ?? null;
  }

  private async describePrepared(tx: Queryable, run: CloneRun): Promise<PreparedClone> {
    const counts = await tx.query<{ assets: number; storyboard: number; interactions: number }>(
      `SELECT
         (SELECT count(*)::int FROM assets a
          WHERE a.room_id = $1 AND ${AT_SNAPSHOT('a', '$2')}) AS assets,
         (SELECT count(*)::int FROM storyboard_items s
          WHERE s.room_id = $1 AND ${AT_SNAPSHOT('s', '$2')}) AS storyboard,
         (SELECT count(*)::int FROM interactions i
          WHERE i.room_id = $1 AND ${AT_SNAPSHOT('i', '$2')}) AS interactions`,
      [run.source_room_id, run.snapshot_at],
    );
    const totals = counts.rows[0] ?? { assets: 0, storyboard: 0, interactions: 0 };
    return {
      targetRoomId: run.target_room_id,
      snapshotAt: new Date(run.snapshot_at).toISOString(),
      totals: {
        assets: Number(totals.assets),
        storyboard: Number(totals.storyboard),
        interactions: Number(totals.interactions),
      },
    };
  }

  /**
   * The clone's run, with its target room share-locked for a write, in one query: every copy
   * step starts with it. A target its owner deleted ends the clone.
   */
  private async lockRun(tx: Queryable, cloneId: string): Promise<CloneRun> {
    const result = await tx.query<CloneRun & { deleted: boolean }>(
      `SELECT c.clone_id, c.source_room_id, c.target_room_id, c.initiator_id,
              c.snapshot_at::text, r.deleted_at IS NOT NULL AS deleted
       FROM clone_runs c JOIN rooms r ON r.id = c.target_room_id
       WHERE c.clone_id = $1
       FOR SHARE OF r`,
      [cloneId],
    );
    const run = result.rows[0];
    if (!run) {
      throw new CloneStepError(
        CloneFailureType.InvalidConfiguration,
        `clone ${cloneId} has no prepared run`,
      );
    }
    if (run.deleted) {
      throw new CloneStepError(
        CloneFailureType.TargetRoomGone,
        'the new room was deleted while the clone was running',
      );
    }
    return run;
  }

  async copySettings(cloneId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const run = await this.lockRun(tx, cloneId);
      await tx.query(
        `UPDATE rooms SET settings = c.source_settings, updated_at = now()
         FROM clone_runs c WHERE c.clone_id = $1 AND rooms.id = $2`,
        [cloneId, run.target_room_id],
      );
    });
  }

  /** Copies up to `limit` assets after `cursor` (by source id); bytes are shared, not copied. */
  async copyAssetBatch(cloneId: string, cursor: string | null, limit: number) {
    return this.db.transaction(async (tx): Promise<BatchResult> => {
      const run = await this.lockRun(tx, cloneId);

      // Select and insert in one statement; the slice comes back for the cursor and the media
      // check, which throws before the commit, so a missing blob copies nothing.
      const slice = await tx.query<{ id: string; sha256: string }>(
        `WITH slice AS (
           SELECT a.id, a.title, a.content_type, a.size, a.sha256 FROM assets a
           WHERE a.room_id = $1 AND ${AT_SNAPSHOT('a', '$2')} AND a.id > $3
           ORDER BY a.id LIMIT $4),
         copied AS (
           INSERT INTO assets (id, room_id, title, content_type, size, sha256, source_asset_id)
           SELECT gen_random_uuid()::text, $5, s.title, s.content_type, s.size, s.sha256, s.id
           FROM slice s
           ON CONFLICT (room_id, source_asset_id) DO NOTHING)
         SELECT id, sha256 FROM slice ORDER BY id`,
        [run.source_room_id, run.snapshot_at, cursor ?? '', limit, run.target_room_id],
      );
      const hashes = [...new Set(slice.rows.map((row) => row.sha256))];
      const present = await Promise.all(hashes.map((sha256) => this.blobs.has(sha256)));
      const missing = present.filter((found) => !found).length;
      if (missing > 0) {
        throw new CloneStepError(
          CloneFailureType.SourceDataUnreadable,
          `the media of ${missing} source asset(s) can no longer be read`,
        );
      }
      return batchResult(slice.rows, limit, []);
    });
  }

  /**
   * Copies up to `limit` storyboard items after position `cursor`. An asset item points at the
   * new room's copy of its asset; one whose asset was not copied is skipped and reported, so no
   * item ever points back into the source room.
   */
  async copyStoryboardBatch(cloneId: string, cursor: string | null, limit: number) {
    return this.db.transaction(async (tx): Promise<BatchResult> => {
      const run = await this.lockRun(tx, cloneId);

      const slice = await tx.query<{ id: string; position: number; left_out: boolean }>(
        `WITH slice AS (
           SELECT s.id, s.position, s.type, s.title, s.notes, t.id AS target_asset_id
           FROM storyboard_items s
           LEFT JOIN assets t ON t.room_id = $2 AND t.source_asset_id = s.asset_id
           WHERE s.room_id = $1 AND ${AT_SNAPSHOT('s', '$3')} AND s.position > $4
           ORDER BY s.position LIMIT $5),
         copied AS (
           INSERT INTO storyboard_items (id, room_id, position, type, asset_id, title, notes,
                                         source_item_id)
           SELECT gen_random_uuid()::text, $2, s.position, s.type, s.target_asset_id, s.title,
                  s.notes, s.id
           FROM slice s WHERE s.type <> 'asset' OR s.target_asset_id IS NOT NULL
           ON CONFLICT (room_id, source_item_id) DO NOTHING)
         SELECT id, position, (type = 'asset' AND target_asset_id IS NULL) AS left_out
         FROM slice ORDER BY position`,
        [run.source_room_id, run.target_room_id, run.snapshot_at, Number(cursor ?? -1), limit],
      );

      const issues: CloneIssue[] = slice.rows
        .filter((item) => item.left_out)
        .map((item) => ({
          component: 'storyboard',
          sourceId: item.id,
          reason: 'its asset was deleted before the clone, so the item was left out',
        }));
      const last = slice.rows[slice.rows.length - 1];
      return {
        processed: slice.rows.length,
        cursor: slice.rows.length === limit && last ? String(last.position) : null,
        issues,
      };
    });
  }

  /**
   * Copies up to `limit` interactions after `cursor` as drafts with no schedule and no
   * responses. One whose content fails its type's schema is skipped and reported.
   */
  async copyInteractionBatch(cloneId: string, cursor: string | null, limit: number) {
    return this.db.transaction(async (tx): Promise<BatchResult> => {
      const run = await this.lockRun(tx, cloneId);

      const slice = await tx.query<{ id: string; type: string; content: unknown }>(
        `SELECT i.id, i.type, i.content FROM interactions i
         WHERE i.room_id = $1 AND ${AT_SNAPSHOT('i', '$2')} AND i.id > $3
         ORDER BY i.id LIMIT $4`,
        [run.source_room_id, run.snapshot_at, cursor ?? '', limit],
      );
      const last = slice.rows[slice.rows.length - 1];
      if (!last) return batchResult(slice.rows, limit, []);

      const issues: CloneIssue[] = [];
      for (const interaction of slice.rows) {
        const problem = interactionContentProblem(interaction.type, interaction.content);
        if (problem) {
          issues.push({ component: 'interactions', sourceId: interaction.id, reason: problem });
        }
      }

      // The rows go from table to table over the slice's id range, less the ones refused: the
      // content is read once for its check and never sent back.
      await tx.query(
        `INSERT INTO interactions (id, room_id, type, title, status, content, scheduled_for,
                                   source_interaction_id)
         SELECT gen_random_uuid()::text, $5, i.type, i.title, 'draft', i.content, NULL, i.id
         FROM interactions i
         WHERE i.room_id = $1 AND ${AT_SNAPSHOT('i', '$2')} AND i.id > $3 AND i.id <= $4
           AND NOT (i.id = ANY($6::text[]))
         ON CONFLICT (room_id, source_interaction_id) DO NOTHING`,
        [
          run.source_room_id,
          run.snapshot_at,
          cursor ?? '',
          last.id,
          run.target_room_id,
          issues.map((issue) => issue.sourceId),
        ],
      );
      return batchResult(slice.rows, limit, issues);
    });
  }

  /** Writes the clone's metadata to the new room unless a newer revision is already there. */
  async applyMetadata(cloneId: string, metadata: CloneMetadata, revision: number) {
    await this.db.transaction(async (tx) => {
      const run = await this.lockRun(tx, cloneId);
      await writeMetadata(tx, run.target_room_id, metadata, revision);
    });
  }

  /**
   * Marks the room ready, lists it in its course and tells the initiator, all at once: a listed
   * clone always has its notification, and a retry adds neither a second listing nor a second
   * notification.
   */
  async complete(request: {
    cloneId: string;
    metadata: CloneMetadata;
    revision: number;
    issueCount: number;
  }): Promise<{ targetRoomId: string }> {
    const completed = await this.db.transaction(async (tx) => {
      const run = await this.lockRun(tx, request.cloneId);
      await writeMetadata(tx, run.target_room_id, request.metadata, request.revision);

      const room = await tx.query<{ name: string; lms_course_id: string | null }>(
        `UPDATE rooms SET status = 'ready', updated_at = now() WHERE id = $1
         RETURNING name, lms_course_id`,
        [run.target_room_id],
      );
      const courseId = room.rows[0]?.lms_course_id;
      if (courseId) {
        await tx.query(
          'INSERT INTO course_rooms (course_id, room_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [courseId, run.target_room_id],
        );
      }

      const partial =
        request.issueCount > 0
          ? ` ${request.issueCount} item(s) could not be copied as they were; see the clone.`
          : '';
      await tx.query(
        `INSERT INTO notifications (id, user_id, type, title, body, link, room_id, clone_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (clone_id, user_id, type) DO NOTHING`,
        [
          randomUUID(),
          run.initiator_id,
          request.issueCount > 0 ? 'clone-completed-partially' : 'clone-completed',
          `Your room "${room.rows[0]?.name}" is ready`,
          `The clone of your room has finished.${partial}`,
          `/rooms/${run.target_room_id}`,
          run.target_room_id,
          request.cloneId,
        ],
      );
      await tx.query(
        `UPDATE clone_runs SET finished_at = clock_timestamp(), outcome = 'completed'
         WHERE clone_id = $1 AND finished_at IS NULL`,
        [request.cloneId],
      );
      const released = await this.releaseSourcePin(tx, run);
      return { targetRoomId: run.target_room_id, released };
    });

    await removeBlobFiles(this.db, this.blobs, completed.released);
    return { targetRoomId: completed.targetRoomId };
  }

  /**
   * A finished run no longer pins its source's blobs: those only deleted assets still named
   * (or assets of a source deleted meanwhile) may now be free. Call after finished_at is set.
   */
  private async releaseSourcePin(tx: Queryable, run: CloneRun): Promise<string[]> {
    const unpinned = await tx.query<{ sha256: string }>(
      `SELECT DISTINCT a.sha256 FROM assets a JOIN rooms r ON r.id = a.room_id
       WHERE a.room_id = $1 AND (a.deleted_at IS NOT NULL OR r.deleted_at IS NOT NULL)`,
      [run.source_room_id],
    );
    return deleteUnreferencedBlobs(
      tx,
      unpinned.rows.map((row) => row.sha256),
    );
  }

  /**
   * Undoes a clone that will not complete: the new room leaves every listing and is marked
   * failed, its copied rows go, and blobs no other asset references are freed. The initiator is
   * told why. Safe to run again, and safe when the clone never got as far as a room.
   */
  async discard(request: {
    cloneId: string;
    initiatorId: string;
    outcome: 'failed' | 'cancelled';
    reason: string;
  }): Promise<{ completedAlready: boolean }> {
    let completedAlready = false;
    const orphaned = await this.db.transaction(async (tx) => {
      const run = await this.findRun(tx, request.cloneId);
      let released: string[] = [];
      // A clone that completed keeps its room, whatever its workflow does afterwards (a cancel
      // that raced the completion, say); the caller learns so and reports it completed.
      const finished = await tx.query<{ outcome: string | null }>(
        'SELECT outcome FROM clone_runs WHERE clone_id = $1 AND finished_at IS NOT NULL FOR UPDATE',
        [request.cloneId],
      );
      if (finished.rows.length > 0) {
        completedAlready = finished.rows[0]?.outcome === 'completed';
        return released;
      }
      if (run) {
        await tx.query(
          `UPDATE rooms SET status = 'failed', updated_at = now()
           WHERE id = $1 AND status <> 'ready'`,
          [run.target_room_id],
        );
        await tx.query('DELETE FROM course_rooms WHERE room_id = $1', [run.target_room_id]);
        await tx.query('DELETE FROM storyboard_items WHERE room_id = $1', [run.target_room_id]);
        await tx.query('DELETE FROM interactions WHERE room_id = $1', [run.target_room_id]);
        const removed = await tx.query<{ sha256: string }>(
          'DELETE FROM assets WHERE room_id = $1 RETURNING sha256',
          [run.target_room_id],
        );
        // The run ends first, so it no longer pins its source while blobs are checked.
        await tx.query(
          `UPDATE clone_runs SET finished_at = clock_timestamp(), outcome = $2
           WHERE clone_id = $1 AND finished_at IS NULL`,
          [request.cloneId, request.outcome],
        );
        released = [
          ...(await deleteUnreferencedBlobs(
            tx,
            removed.rows.map((row) => row.sha256),
          )),
          ...(await this.releaseSourcePin(tx, run)),
        ];
      }

      const cancelled = request.outcome === 'cancelled';
      await tx.query(
        `INSERT INTO notifications (id, user_id, type, title, body, link, room_id, clone_id)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6)
         ON CONFLICT (clone_id, user_id, type) DO NOTHING`,
        [
          randomUUID(),
          request.initiatorId,
          cancelled ? 'clone-cancelled' : 'clone-failed',
          cancelled ? 'Your clone was cancelled' : 'Your clone could not be completed',
          cancelled
            ? 'The clone was cancelled and the partial room was removed.'
            : `The clone stopped: ${request.reason}. The partial room was removed.`,
          request.cloneId,
        ],
      );
      return released;
    });

    // Files go only after the rows are gone for good: a crash here leaves a stray file, never a
    // row that points at nothing.
    await removeBlobFiles(this.db, this.blobs, orphaned);
    return { completedAlready };
  }
}

async function writeMetadata(
  tx: Queryable,
  roomId: string,
  metadata: CloneMetadata,
  revision: number,
): Promise<void> {
  await tx.query(
    `UPDATE rooms SET name = $2, description = $3, tags = $4, metadata_revision = $5,
                      updated_at = now()
     WHERE id = $1 AND metadata_revision <= $5`,
    [roomId, metadata.name, metadata.description, metadata.tags, revision],
  );
}

function batchResult(rows: { id: string }[], limit: number, issues: CloneIssue[]): BatchResult {
  const last = rows[rows.length - 1];
  return {
    processed: rows.length,
    cursor: rows.length === limit && last ? last.id : null,
    issues,
  };
}
