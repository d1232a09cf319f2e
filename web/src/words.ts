import type { Clone, CloneComponent, ComponentProgress, Room } from './contract.js';

/** What each component is called for a faculty member. */
export const COMPONENT_LABELS: Record<CloneComponent, string> = {
  settings: 'Room settings',
  assets: 'Media files',
  storyboard: 'Storyboard',
  interactions: 'Chat and collaboration items',
};

/** A component's state in words; one a clone left unfinished when it stopped says so. */
export function componentStateWords(progress: ComponentProgress, clone: Clone): string {
  const unfinished = progress.state === 'pending' || progress.state === 'running';
  if (unfinished && clone.status !== 'running') {
    return progress.total > 0 ? `Stopped at ${progress.done} of ${progress.total}` : 'Stopped';
  }
  switch (progress.state) {
    case 'pending':
      return 'Waiting';
    case 'running':
      return progress.total > 0 ? `Copying ${progress.done} of ${progress.total}` : 'Copying';
    case 'done':
      return progress.total > 0 ? `Done: ${progress.done} of ${progress.total}` : 'Done';
    case 'skipped':
      return 'Not copied';
    case 'failed':
      return 'Stopped';
  }
}

export function phaseWords(clone: Clone): string {
  switch (clone.phase) {
    case 'queued':
      return 'Waiting to start';
    case 'preparing':
      return 'Creating the new room';
    case 'copying':
      return 'Copying the room';
    case 'finalizing':
      return 'Finishing up';
    case 'needs-attention':
      return 'Waiting for an administrator';
    case 'cleaning-up':
      return 'Stopping and tidying up';
    case 'completed':
      return 'Finished';
    case 'failed':
      return 'Stopped by a problem';
    case 'cancelled':
      return 'Cancelled';
    default:
      return 'Working';
  }
}

const STEP_LABELS: Record<string, string> = {
  ...COMPONENT_LABELS,
  prepare: 'Creating the new room',
  finalize: 'Finishing the new room',
  metadata: 'Saving your changes',
};

/**
 * What to tell the user while a clone is parked because a step keeps failing; null otherwise.
 * Only an operator can retry or abandon it, so the user is told they may wait or cancel.
 */
export function attentionWords(clone: Clone): { title: string; details: string[] } | null {
  if (clone.status !== 'running' || clone.phase !== 'needs-attention') return null;
  return {
    title:
      'Part of the copy keeps failing, so the clone is paused until an administrator retries ' +
      'it. You can wait, or cancel the clone.',
    details: (clone.attention ?? []).map(
      (step) => `${STEP_LABELS[step.component] ?? step.component}: ${step.error}.`,
    ),
  };
}

export interface Outcome {
  tone: 'success' | 'warning' | 'error' | 'neutral';
  title: string;
  body: string;
  details: string[];
}

/** How a clone ended, in words a faculty member understands; null while it runs. */
export function outcomeOf(clone: Clone): Outcome | null {
  const name = clone.metadata.name;
  switch (clone.status) {
    case 'running':
      return null;
    case 'completed': {
      if (clone.issues.length === 0) {
        return {
          tone: 'success',
          title: 'Your new room is ready',
          body: `"${name}" was copied in full and is listed in your course.`,
          details: [],
        };
      }
      const count = clone.issues.length;
      return {
        tone: 'warning',
        title: 'Your new room is ready, but it is not a full copy',
        body:
          `"${name}" is listed in your course, but ${count} ${count === 1 ? 'item' : 'items'} ` +
          'could not be copied as they were. Everything else was copied.',
        details: clone.issues.map(
          (issue) => `${COMPONENT_LABELS[issue.component]}: ${issue.reason}.`,
        ),
      };
    }
    case 'failed':
      return {
        tone: 'error',
        title: 'The clone could not be finished',
        body:
          `A problem stopped the copy${clone.error ? `: ${clone.error}` : ''}. ` +
          'The partly copied room was removed, so nothing was added to your course. ' +
          'You can try cloning the room again.',
        details: [],
      };
    case 'cancelled':
      return {
        tone: 'neutral',
        title: 'The clone was cancelled',
        body:
          'The copy was stopped and the partly copied room was removed. ' +
          'Nothing was added to your course.',
        details: [],
      };
  }
}

export type RoomStanding = 'owner' | 'co-editor' | 'member';

export function standingOf(room: Room, userId: string): RoomStanding {
  if (room.ownerId === userId) return 'owner';
  if (room.coEditorIds.includes(userId)) return 'co-editor';
  return 'member';
}

/** Why the user may not clone the room, in words; empty when they may. */
export function cloneRefusals(room: Room, userId: string): string[] {
  const reasons: string[] = [];
  if (standingOf(room, userId) === 'member') {
    reasons.push('Only the room’s owner or a co-editor can clone it.');
  }
  if (!room.cncEnabled) {
    reasons.push(
      'Chat and collaboration is turned off for this room, and only rooms with it on can be cloned.',
    );
  }
  if (room.status !== 'ready') reasons.push('This room is still being set up.');
  return reasons;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export const INTERACTION_TYPE_LABELS: Record<string, string> = {
  notification: 'Notification',
  announcement: 'Announcement',
  poll: 'Poll',
  quiz: 'Quiz',
};

export const INTERACTION_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  closed: 'Closed',
};
