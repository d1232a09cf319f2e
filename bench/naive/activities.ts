import { randomUUID } from 'node:crypto';
import type { CloneCopier } from '../../src/rooms/clone-copier.js';
import type { Database, Queryable } from '../../src/rooms/database.js';
import { interactionContentProblem } from '../../src/rooms/interaction-content.js';
import type { CloneMetadata } from '../../src/shared/metadata.js';
import type { NaiveComponent } from './contract.js';

interface RunRow {
  source_room_id: string;
  target_room_id: string;
  snapshot_at: string;
}

const AT_SNAPSHOT = (alias: string) =>
  `${alias}.created_at <= $2::timestamptz
   AND (${alias}.deleted_at IS NULL OR ${alias}.deleted_at > $2::timestamptz)`;

const TABLES: Record<NaiveComponent, { table: string; order: string }> = {
  assets: { table: 'assets', order: 'id' },
  storyboard: { table: 'storyboard_items', order: 'id' },
  interactions: { table: 'interactions', order: 'id' },
};

async function runOf(tx: Queryable, cloneId: string): Promise<RunRow> {
  const run = await tx.query<RunRow>(
    'SELECT source_room_id, target_room_id, snapshot_at::text FROM clone_runs WHERE clone_id = $1',
    [cloneId],
  );
  const row = run.rows[0];
  if (!row) throw new Error(`clone ${cloneId} has no prepared run`);
  return row;
}

/**
 * The baseline's activities: the same store, the same snapshot rules and the same checks as
 * CloneRoom's, but one source row per activity. Prepare, settings and completion reuse the real
 * copier, so only the per-item copying differs.
 */
export function createNaiveActivities(deps: { db: Database; copier: CloneCopier }) {
  const { db, copier } = deps;
  return {
    prepareClone(request: {
      cloneId: string;
      sourceRoomId: string;
      initiatorId: string;
      metadata: CloneMetadata;
    }) {
      return copier.prepare(request);
    },

    copySettings(request: { cloneId: string }) {
      return copier.copySettings(request.cloneId);
    },

    async listSourceIds(request: {
      cloneId: string;
      component: NaiveComponent;
      cursor: string | null;
      limit: number;
    }): Promise<{ ids: string[]; nextCursor: string | null }> {
      const run = await runOf(db, request.cloneId);
      const { table, order } = TABLES[request.component];
      const page = await db.query<{ id: string }>(
        `SELECT t.id FROM ${table} t
         WHERE t.room_id = $1 AND ${AT_SNAPSHOT('t')} AND t.${order} > $3
         ORDER BY t.${order} LIMIT $4`,
        [run.source_room_id, run.snapshot_at, request.cursor ?? '', request.limit],
      );
      const ids = page.rows.map((row) => row.id);
      const last = ids[ids.length - 1];
      return { ids, nextCursor: ids.length === request.limit && last ? last : null };
    },

    /** Copies one source row; false when the rules leave it out. */
    async copyOne(request: {
      cloneId: string;
      component: NaiveComponent;
      sourceId: string;
    }): Promise<boolean> {
      return db.transaction(async (tx) => {
        const run = await runOf(tx, request.cloneId);
        await tx.query('SELECT 1 FROM rooms WHERE id = $1 FOR SHARE', [run.target_room_id]);
        if (request.component === 'assets') {
          await tx.query(
            `INSERT INTO assets (id, room_id, title, content_type, size, sha256, source_asset_id)
             SELECT $1, $2, a.title, a.content_type, a.size, a.sha256, a.id
             FROM assets a WHERE a.id = $3
             ON CONFLICT (room_id, source_asset_id) DO NOTHING`,
            [randomUUID(), run.target_room_id, request.sourceId],
          );
          return true;
        }
        if (request.component === 'storyboard') {
          const copied = await tx.query(
            `INSERT INTO storyboard_items (id, room_id, position, type, asset_id, title, notes,
                                           source_item_id)
             SELECT $1, $2, s.position, s.type, t.id, s.title, s.notes, s.id
             FROM storyboard_items s
             LEFT JOIN assets t ON t.room_id = $2 AND t.source_asset_id = s.asset_id
             WHERE s.id = $3 AND (s.type = 'slide' OR t.id IS NOT NULL)
             ON CONFLICT (room_id, source_item_id) DO NOTHING`,
            [randomUUID(), run.target_room_id, request.sourceId],
          );
          return copied.rowCount > 0;
        }
        const source = await tx.query<{ type: string; title: string; content: unknown }>(
          'SELECT type, title, content FROM interactions WHERE id = $1',
          [request.sourceId],
        );
        const interaction = source.rows[0];
        if (!interaction || interactionContentProblem(interaction.type, interaction.content)) {
          return false;
        }
        await tx.query(
          `INSERT INTO interactions (id, room_id, type, title, status, content, scheduled_for,
                                     source_interaction_id)
           VALUES ($1, $2, $3, $4, 'draft', $5::jsonb, NULL, $6)
           ON CONFLICT (room_id, source_interaction_id) DO NOTHING`,
          [
            randomUUID(),
            run.target_room_id,
            interaction.type,
            interaction.title,
            JSON.stringify(interaction.content),
            request.sourceId,
          ],
        );
        return true;
      });
    },

    completeClone(request: { cloneId: string; metadata: CloneMetadata; issueCount: number }) {
      return copier.complete({ ...request, revision: 0 });
    },
  };
}

export type NaiveActivities = ReturnType<typeof createNaiveActivities>;
