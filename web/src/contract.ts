/**
 * The shapes of the public HTTP contract (shared/API.md) that the UI reads. Written here rather
 * than imported from the server, so the page depends on the contract and not on server code.
 */

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export interface Course {
  id: string;
  name: string;
}

export interface Room {
  id: string;
  name: string;
  description: string;
  tags: string[];
  ownerId: string;
  coEditorIds: string[];
  cncEnabled: boolean;
  settings: Record<string, unknown>;
  parentRoomId: string | null;
  status: 'ready' | 'cloning' | 'failed';
  lmsCourseId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Asset {
  id: string;
  roomId: string;
  title: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export type StoryboardItem =
  | { id: string; type: 'asset'; assetId: string }
  | { id: string; type: 'slide'; title: string; notes: string };

export interface Storyboard {
  roomId: string;
  items: StoryboardItem[];
}

export interface Interaction {
  id: string;
  roomId: string;
  type: string;
  title: string;
  status: 'draft' | 'scheduled' | 'published' | 'closed';
  content: unknown;
  scheduledFor: string | null;
  responseCount: number;
  createdAt: string;
}

export interface AppNotification {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  roomId: string | null;
  cloneId: string | null;
  createdAt: string;
  readAt: string | null;
}

export const CLONE_COMPONENTS = ['settings', 'assets', 'storyboard', 'interactions'] as const;
export type CloneComponent = (typeof CLONE_COMPONENTS)[number];

export interface ComponentProgress {
  state: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
  done: number;
  total: number;
}

export interface CloneMetadata {
  name: string;
  description: string;
  tags: string[];
}

export interface Clone {
  id: string;
  sourceRoomId: string;
  targetRoomId: string | null;
  initiatorId: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  phase: string;
  percent: number;
  components: Record<CloneComponent, ComponentProgress>;
  metadata: CloneMetadata;
  metadataRevision: number;
  appliedMetadataRevision: number;
  issues: { component: CloneComponent; sourceId: string; reason: string }[];
  /** Steps that failed past their retries, waiting for an operator (phase `needs-attention`). */
  attention?: { component: string; error: string; attempts: number; since: string }[];
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface DevUser {
  id: string;
  name: string;
  role: string | null;
}
