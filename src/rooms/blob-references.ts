import type { BlobStore } from './blob-store.js';
import type { Database, Queryable } from './database.js';

// Namespaces the per-blob advisory locks (two-int form), apart from the migration lock.
const BLOB_LOCK_SPACE = 4_215_002;

/**
 * Serialises, per blob, whoever adds an asset for it against whoever frees it. Taken in hash
 * order so that two transactions locking several blobs cannot deadlock.
 */
export async function lockBlobs(tx: Queryable, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock($1, hashtext(sha256))
     FROM (SELECT DISTINCT sha256 FROM unnest($2::text[]) AS sha256 ORDER BY sha256) AS sorted`,
    [BLOB_LOCK_SPACE, hashes],
  );
}

// No asset references the blob `b`: none is live, and none is in the source of an unfinished clone.
const UNREFERENCED = `NOT EXISTS (
    SELECT 1 FROM assets a JOIN rooms r ON r.id = a.room_id
    WHERE a.sha256 = b.sha256 AND a.deleted_at IS NULL AND r.deleted_at IS NULL)
  AND NOT EXISTS (
    SELECT 1 FROM assets a JOIN clone_runs c ON c.source_room_id = a.room_id
    WHERE a.sha256 = b.sha256 AND c.finished_at IS NULL)`;

/**
 * Deletes the blob rows among `candidates` that no asset references any more and returns their
 * hashes; the caller removes the files once its transaction has committed (removeBlobFiles).
 *
 * A blob is still referenced while some asset row with its hash is either live (not deleted, in
 * a room that is not deleted), or belongs to a room that an unfinished clone copies from,
 * deleted or not, since that clone's snapshot may still copy it. Clones' own assets are assets
 * like any other, so a clone keeps its media when its source goes.
 */
export async function deleteUnreferencedBlobs(
  tx: Queryable,
  candidates: string[],
): Promise<string[]> {
  if (candidates.length === 0) return [];
  // Most candidates are still referenced; only the rest are worth a lock. A reference added
  // meanwhile is seen by the check under the lock below.
  const free = await tx.query<{ sha256: string }>(
    `SELECT b.sha256 FROM blobs b WHERE b.sha256 = ANY($1::text[]) AND ${UNREFERENCED}`,
    [[...new Set(candidates)]],
  );
  if (free.rows.length === 0) return [];

  const hashes = free.rows.map((row) => row.sha256);
  await lockBlobs(tx, hashes);
  const deleted = await tx.query<{ sha256: string }>(
    `DELETE FROM blobs b WHERE b.sha256 = ANY($1::text[]) AND ${UNREFERENCED}
     RETURNING b.sha256`,
    [hashes],
  );
  return deleted.rows.map((row) => row.sha256);
}

/**
 * Removes the files of blobs whose rows deleteUnreferencedBlobs deleted. Each file goes under
 * its blob's lock and only while the row is still absent: an upload of the same bytes that
 * committed in between has brought the row back and keeps the file. A crash before this leaves
 * a stray file, never a row that points at nothing.
 */
export async function removeBlobFiles(
  db: Database,
  blobs: BlobStore,
  released: string[],
): Promise<void> {
  for (const sha256 of new Set(released)) {
    await db.transaction(async (tx) => {
      await lockBlobs(tx, [sha256]);
      const present = await tx.query('SELECT 1 FROM blobs WHERE sha256 = $1', [sha256]);
      if (present.rows.length === 0) await blobs.remove(sha256);
    });
  }
}
