/** The rooms store's records as the API shows them. */

export type RoomStatus = 'ready' | 'cloning' | 'failed';

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
  status: RoomStatus;
  lmsCourseId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An LMS course whose members see its listing of rooms. */
export interface Course {
  id: string;
  name: string;
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

export interface Notification {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  roomId: string | null;
  cloneId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** How a user stands to a room: what they may do follows from it. */
export type RoomRole = 'owner' | 'co-editor' | 'member';

export function canEditRoom(role: RoomRole | null): boolean {
  return role === 'owner' || role === 'co-editor';
}
