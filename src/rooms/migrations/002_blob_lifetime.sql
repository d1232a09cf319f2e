-- A blob row goes once no live asset needs it, while soft-deleted asset rows that name it stay
-- for the clones whose snapshots predate the deletion; so assets can no longer hold a foreign
-- key on blobs. The rule that replaces it lives in blob-references.ts.
ALTER TABLE assets DROP CONSTRAINT IF EXISTS assets_sha256_fkey;

-- The blob rule asks for the unfinished clones of a room on every asset or room deletion.
CREATE INDEX clone_runs_unfinished_source ON clone_runs (source_room_id)
  WHERE finished_at IS NULL;
