-- The system of record for rooms and what a clone copies. Rows that users "delete" are kept with
-- deleted_at set, so a clone can copy the source as it stood when the clone began.

CREATE TABLE users (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text,
  role text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE courses (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_members (
  course_id text NOT NULL REFERENCES courses (id),
  user_id text NOT NULL,
  role text,
  PRIMARY KEY (course_id, user_id)
);

CREATE TABLE rooms (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  owner_id text NOT NULL,
  cnc_enabled boolean NOT NULL DEFAULT false,
  settings jsonb NOT NULL DEFAULT '{}',
  parent_room_id text REFERENCES rooms (id),
  status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'cloning', 'failed')),
  lms_course_id text REFERENCES courses (id),
  -- Set on rooms a clone created: one clone makes at most one room, however often it retries.
  clone_id text UNIQUE,
  -- The revision of the clone metadata last written, so a late, older edit never wins.
  metadata_revision integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX rooms_owner ON rooms (owner_id) WHERE deleted_at IS NULL;

CREATE TABLE room_co_editors (
  room_id text NOT NULL REFERENCES rooms (id),
  user_id text NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_co_editors_user ON room_co_editors (user_id);

-- The course's listing: a clone's room enters it only once the clone has completed.
CREATE TABLE course_rooms (
  course_id text NOT NULL REFERENCES courses (id),
  room_id text NOT NULL REFERENCES rooms (id),
  listed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, room_id)
);
CREATE INDEX course_rooms_room ON course_rooms (room_id);

-- Media bytes live on disk by SHA-256; this row says the blob is present and how large it is.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assets (
  id text PRIMARY KEY,
  room_id text NOT NULL REFERENCES rooms (id),
  title text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL REFERENCES blobs (sha256),
  source_asset_id text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  deleted_at timestamptz,
  UNIQUE (room_id, source_asset_id)
);
CREATE INDEX assets_room ON assets (room_id, id);
CREATE INDEX assets_sha256 ON assets (sha256);

-- A storyboard PUT retires the current items and inserts new ones, so older versions stay
-- readable for a clone whose snapshot predates the PUT.
CREATE TABLE storyboard_items (
  id text PRIMARY KEY,
  room_id text NOT NULL REFERENCES rooms (id),
  position integer NOT NULL,
  type text NOT NULL CHECK (type IN ('asset', 'slide')),
  asset_id text REFERENCES assets (id),
  title text,
  notes text,
  source_item_id text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  deleted_at timestamptz,
  UNIQUE (room_id, source_item_id)
);
CREATE INDEX storyboard_items_room ON storyboard_items (room_id, position);

CREATE TABLE interactions (
  id text PRIMARY KEY,
  room_id text NOT NULL REFERENCES rooms (id),
  type text NOT NULL,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'closed')),
  content jsonb NOT NULL,
  scheduled_for timestamptz,
  source_interaction_id text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  deleted_at timestamptz,
  UNIQUE (room_id, source_interaction_id)
);
CREATE INDEX interactions_room ON interactions (room_id, id);

-- Participants' votes and submissions: kept apart from the interaction, never cloned.
CREATE TABLE interaction_responses (
  id text PRIMARY KEY,
  interaction_id text NOT NULL REFERENCES interactions (id),
  user_id text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interaction_responses_interaction ON interaction_responses (interaction_id);

-- One row a clone: the moment its snapshot was taken and the settings as they stood then.
CREATE TABLE clone_runs (
  clone_id text PRIMARY KEY,
  source_room_id text NOT NULL REFERENCES rooms (id),
  target_room_id text NOT NULL REFERENCES rooms (id),
  initiator_id text NOT NULL,
  snapshot_at timestamptz NOT NULL,
  source_settings jsonb NOT NULL,
  finished_at timestamptz,
  outcome text
);

CREATE TABLE notifications (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  type text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  room_id text,
  clone_id text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at timestamptz,
  UNIQUE (clone_id, user_id, type)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

CREATE TABLE fixture_imports (
  fixture_key text PRIMARY KEY,
  course_id text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
