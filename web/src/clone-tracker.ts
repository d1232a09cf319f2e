import { ApiError, describeError, request, requestAll } from './api.js';
import { type CloneFollower, followClone } from './clone-stream.js';
import type { Clone, CloneMetadata, Room } from './contract.js';

export type EditState = 'idle' | 'sending' | 'waiting' | 'applied' | 'refused';

/** A clone the page follows, with the state of the user's last edit and cancel request. */
export interface TrackedClone {
  clone: Clone;
  sourceName: string | null;
  edit: { state: EditState; revision: number; message: string | null; fields: string[] };
  cancel: { state: 'idle' | 'sending' | 'refused'; message: string | null };
  /** Why the page cannot hear from the clone right now, in words; null while all is well. */
  trouble: string | null;
}

type Listener = () => void;

/**
 * The clones this page follows: one event stream each until it ends. Components read a
 * snapshot of the list and re-render when `subscribe` tells them it changed.
 */
export class CloneTracker {
  private readonly tracked = new Map<string, TrackedClone>();
  private readonly followers = new Map<string, CloneFollower>();
  private readonly listeners = new Set<Listener>();
  private snapshot: TrackedClone[] = [];

  constructor(
    private readonly token: string,
    private readonly onEnded: (clone: Clone) => void,
  ) {}

  list(): TrackedClone[] {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts following a clone (once); `sourceName` is looked up when not given. */
  track(clone: Clone, sourceName: string | null = null): void {
    if (this.tracked.has(clone.id)) return;
    this.tracked.set(clone.id, {
      clone,
      sourceName,
      edit: { state: 'idle', revision: clone.metadataRevision, message: null, fields: [] },
      cancel: { state: 'idle', message: null },
      trouble: null,
    });
    this.changed();
    if (sourceName === null) void this.lookUpSourceName(clone);
    if (clone.status === 'running') this.follow(clone.id);
  }

  /** Picks up the clones still running from an earlier visit. */
  async resumeRunning(): Promise<void> {
    const running = await requestAll<Clone>('/api/clones?status=running', { token: this.token });
    for (const clone of running.reverse()) this.track(clone);
  }

  async edit(cloneId: string, patch: Partial<CloneMetadata>): Promise<void> {
    const fields = Object.keys(patch);
    this.update(cloneId, (entry) => ({
      ...entry,
      edit: { state: 'sending', revision: entry.edit.revision, message: null, fields },
    }));
    try {
      const answer = await request<Clone>(
        'PATCH',
        `/api/clones/${encodeURIComponent(cloneId)}/metadata`,
        { token: this.token, body: patch },
      );
      this.update(cloneId, (entry) => {
        const clone = { ...entry.clone, ...metadataOf(entry.clone, answer) };
        const applied = clone.appliedMetadataRevision >= answer.metadataRevision;
        return {
          ...entry,
          clone,
          edit: {
            state: applied ? 'applied' : 'waiting',
            revision: answer.metadataRevision,
            message: null,
            fields,
          },
        };
      });
    } catch (error) {
      const message =
        error instanceof ApiError && error.status === 409
          ? 'The clone has already finished, so this change was not made. Edit the new room instead.'
          : describeError(error);
      this.update(cloneId, (entry) => ({
        ...entry,
        edit: { ...entry.edit, state: 'refused', message, fields },
      }));
      throw error;
    }
  }

  async cancel(cloneId: string): Promise<void> {
    this.update(cloneId, (entry) => ({ ...entry, cancel: { state: 'sending', message: null } }));
    try {
      await request<Clone>('POST', `/api/clones/${encodeURIComponent(cloneId)}/cancel`, {
        token: this.token,
      });
    } catch (error) {
      const message =
        error instanceof ApiError && error.status === 409
          ? 'The clone had already finished, so there was nothing to cancel.'
          : describeError(error);
      this.update(cloneId, (entry) => ({ ...entry, cancel: { state: 'refused', message } }));
    }
  }

  dismiss(cloneId: string): void {
    this.followers.get(cloneId)?.stop();
    this.followers.delete(cloneId);
    this.tracked.delete(cloneId);
    this.changed();
  }

  stopAll(): void {
    for (const follower of this.followers.values()) follower.stop();
    this.followers.clear();
    this.listeners.clear();
  }

  private follow(cloneId: string): void {
    this.followers.set(
      cloneId,
      followClone(cloneId, this.token, {
        onSnapshot: (clone) => this.receive(clone),
        onTrouble: (error) => {
          const trouble = error === null ? null : troubleWords(error);
          if (this.tracked.get(cloneId)?.trouble === trouble) return;
          this.update(cloneId, (entry) => ({ ...entry, trouble }));
        },
      }),
    );
  }

  private receive(clone: Clone): void {
    const before = this.tracked.get(clone.id);
    if (!before) return;
    this.update(clone.id, (entry) => {
      const merged = mergeNewer(entry.clone, clone);
      const edit =
        entry.edit.state === 'waiting' && merged.appliedMetadataRevision >= entry.edit.revision
          ? { ...entry.edit, state: 'applied' as const }
          : entry.edit;
      return { ...entry, clone: merged, edit };
    });
    if (before.clone.status === 'running' && clone.status !== 'running') {
      this.followers.delete(clone.id);
      this.onEnded(clone);
    }
  }

  private async lookUpSourceName(clone: Clone): Promise<void> {
    try {
      const room = await request<Room>(
        'GET',
        `/api/rooms/${encodeURIComponent(clone.sourceRoomId)}`,
        { token: this.token },
      );
      this.update(clone.id, (entry) => ({ ...entry, sourceName: room.name }));
    } catch {
      // The source may have been deleted since; the card then names only the new room.
    }
  }

  private update(cloneId: string, change: (entry: TrackedClone) => TrackedClone): void {
    const entry = this.tracked.get(cloneId);
    if (!entry) return;
    this.tracked.set(cloneId, change(entry));
    this.changed();
  }

  private changed(): void {
    this.snapshot = [...this.tracked.values()].reverse();
    for (const listener of this.listeners) listener();
  }
}

/**
 * The later of two views of one clone. An edit's answer can overtake the stream and the stream
 * can overtake an edit's answer: metadata follows the higher revision, progress the stream.
 */
function mergeNewer(current: Clone, incoming: Clone): Clone {
  if (current.status !== 'running' && incoming.status === 'running') return current;
  return { ...incoming, ...metadataOf(current, incoming) };
}

function metadataOf(current: Clone, incoming: Clone) {
  const newer = incoming.metadataRevision >= current.metadataRevision ? incoming : current;
  return {
    metadata: newer.metadata,
    metadataRevision: newer.metadataRevision,
    appliedMetadataRevision: Math.max(
      current.appliedMetadataRevision,
      incoming.appliedMetadataRevision,
    ),
  };
}

function troubleWords(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) {
    return 'This clone can no longer be found.';
  }
  return 'Lost touch with the clone; trying again. The clone itself keeps running.';
}
