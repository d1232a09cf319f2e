import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CloneActivities, SliceRequest, SliceResult } from '../activities/clone-activities.js';
import {
  type CloneComponent,
  type CloneIssue,
  type CloneProgress,
  type CloneRoomInput,
  getCloneProgress,
  initialCloneProgress,
  overallPercent,
  updateCloneMetadata,
} from '../shared/clone-contract.js';
import { CloneFailureType, NON_RETRYABLE_CLONE_FAILURES } from '../shared/errors.js';
import { cloneMetadataPatchSchema } from '../shared/metadata.js';
import {
  CloneInitiatorId,
  CloneSourceRoomId,
  CloneStatus,
  CloneTargetRoomId,
} from '../shared/search-attributes.js';
import { createOperatorRecovery, rootFailureType, rootMessage } from './operator-recovery.js';

/** At most this many slices a component, so history stays bounded whatever the room's size. */
const MAX_SLICES_PER_COMPONENT = 8;
/** A slice is at least this large, so a typical room copies each component in one activity. */
const MIN_SLICE_SIZE = 1000;
/** Issues kept in the clone's state; past this, one summary issue stands for the rest. */
const MAX_LISTED_ISSUES = 1000;
const DEFAULT_MAX_ATTEMPTS = 10;

export function sliceSizeFor(total: number): number {
  return Math.max(MIN_SLICE_SIZE, Math.ceil(total / MAX_SLICES_PER_COMPONENT));
}

function proxies(maximumAttempts: number) {
  const retry = {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts,
    nonRetryableErrorTypes: NON_RETRYABLE_CLONE_FAILURES,
  };

  // One short transaction each: a minute is far past any healthy attempt, and a crashed worker
  // is noticed within that minute.
  const quick = proxyActivities<CloneActivities>({ startToCloseTimeout: '1 minute', retry });

  // A slice commits many batches and heartbeats after each; a worker that dies mid-slice is
  // noticed by the missing heartbeat within 15 s, and the retry resumes from the last one.
  const slices = proxyActivities<CloneActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '15 seconds',
    retry,
  });

  return { quick, slices };
}

/**
 * CloneRoom: copies a room's settings, assets, storyboard and interactions into a new room the
 * initiator owns. Answers `getCloneProgress` at any time, accepts `updateCloneMetadata` until it
 * ends, parks a step that fails past its retries until an operator retries or abandons it, and
 * ends completed, failed or cancelled with whatever it made cleaned up.
 */
export async function cloneRoom(input: CloneRoomInput): Promise<CloneProgress> {
  const state = initialCloneProgress(input);
  const maxAttempts = input.options?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { quick, slices } = proxies(maxAttempts);
  let issueOverflow = 0;

  const snapshot = (): CloneProgress => ({
    ...state,
    percent: overallPercent(state),
    components: {
      settings: { ...state.components.settings },
      assets: { ...state.components.assets },
      storyboard: { ...state.components.storyboard },
      interactions: { ...state.components.interactions },
    },
    metadata: { ...state.metadata, tags: [...state.metadata.tags] },
    issues: issueOverflow > 0 ? [...state.issues, overflowIssue(issueOverflow)] : [...state.issues],
    attention: state.attention.map((entry) => ({ ...entry })),
  });

  setHandler(getCloneProgress, snapshot, {
    description: 'The clone as it stands: status, phase, percent, per-component counts, issues.',
  });

  setHandler(
    updateCloneMetadata,
    (patch) => {
      const edit = cloneMetadataPatchSchema.parse(patch);
      state.metadata = {
        name: edit.name ?? state.metadata.name,
        description: edit.description ?? state.metadata.description,
        tags: edit.tags ?? state.metadata.tags,
      };
      state.metadataRevision += 1;
      return snapshot();
    },
    {
      validator: (patch) => {
        if (state.status !== 'running') throw new Error(`the clone has already ${state.status}`);
        const parsed = cloneMetadataPatchSchema.safeParse(patch);
        if (!parsed.success) {
          throw new Error(
            parsed.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          );
        }
      },
      description: 'Edit the new room name, description or tags; applied as soon as it exists.',
    },
  );

  const recovery = createOperatorRecovery(state, { maxAttempts, snapshot });

  // The API sets these at start; a clone started any other way (the CLI, "start workflow like
  // this one" in the Web UI) gets them here, so an operator can always find it.
  if (workflowInfo().typedSearchAttributes.get(CloneSourceRoomId) === undefined) {
    upsertSearchAttributes([
      { key: CloneSourceRoomId, value: input.sourceRoomId },
      { key: CloneInitiatorId, value: input.initiatorId },
      { key: CloneStatus, value: 'running' },
    ]);
  }

  const recordIssues = (issues: CloneIssue[]) => {
    for (const issue of issues) {
      if (state.issues.length < MAX_LISTED_ISSUES) state.issues.push(issue);
      else issueOverflow += 1;
    }
  };

  async function copyComponent(
    component: Exclude<CloneComponent, 'settings'>,
    copy: (request: SliceRequest) => Promise<SliceResult>,
  ): Promise<void> {
    const progress = state.components[component];
    if (progress.state === 'skipped') return;

    progress.state = 'running';
    const sliceSize = sliceSizeFor(progress.total);
    let cursor: string | null = null;
    do {
      // A retried slice starts again from the cursor the last good slice left.
      const from: string | null = cursor;
      const result: SliceResult = await recovery.guard(component, () =>
        copy({ cloneId: input.cloneId, cursor: from, sliceSize }),
      );
      progress.done += result.processed;
      recordIssues(result.issues);
      cursor = result.cursor;
    } while (cursor !== null);
    progress.done = Math.min(progress.done, progress.total);
    progress.state = 'done';
  }

  // Metadata edits reach the new room as soon as it exists. Edits made while one is being
  // written coalesce into the next write, and every write carries its revision, so the room
  // never goes back to an older edit.
  let copyingFinished = false;
  let metadataFailure: unknown = null;
  async function syncMetadata(): Promise<void> {
    for (;;) {
      await condition(
        () =>
          copyingFinished ||
          (state.targetRoomId !== null && state.metadataRevision > state.appliedMetadataRevision),
      );
      if (state.metadataRevision <= state.appliedMetadataRevision) {
        if (copyingFinished) return;
        continue;
      }
      const revision = state.metadataRevision;
      const metadata = { ...state.metadata };
      await recovery.guard('metadata', () =>
        quick.applyCloneMetadata({ cloneId: input.cloneId, metadata, revision }),
      );
      state.appliedMetadataRevision = Math.max(state.appliedMetadataRevision, revision);
    }
  }

  try {
    if (input.components.storyboard && !input.components.assets) {
      throw ApplicationFailure.nonRetryable(
        'a storyboard cannot be copied without its assets',
        CloneFailureType.InvalidConfiguration,
      );
    }

    state.phase = 'preparing';
    const preparedRevision = state.metadataRevision;
    const preparedMetadata = { ...state.metadata };
    const prepared = await recovery.guard('prepare', () =>
      quick.prepareClone({
        cloneId: input.cloneId,
        sourceRoomId: input.sourceRoomId,
        initiatorId: input.initiatorId,
        metadata: preparedMetadata,
      }),
    );
    state.targetRoomId = prepared.targetRoomId;
    // The room was created with the metadata as it stood when prepare was first scheduled.
    state.appliedMetadataRevision = preparedRevision;
    state.components.assets.total = prepared.totals.assets;
    state.components.storyboard.total = prepared.totals.storyboard;
    state.components.interactions.total = prepared.totals.interactions;
    upsertSearchAttributes([{ key: CloneTargetRoomId, value: prepared.targetRoomId }]);
    upsertMemo({ clone: snapshot() });
    log.info('clone room created', { cloneId: input.cloneId, targetRoomId: state.targetRoomId });

    state.phase = 'copying';
    const metadataSync = syncMetadata().catch((error) => {
      metadataFailure = error;
    });

    await Promise.all([
      (async () => {
        state.components.settings.state = 'running';
        await recovery.guard('settings', () => quick.copySettings({ cloneId: input.cloneId }));
        state.components.settings = { state: 'done', done: 1, total: 1 };
      })(),
      (async () => {
        await copyComponent('assets', slices.copyAssets);
        await copyComponent('storyboard', slices.copyStoryboard);
      })(),
      copyComponent('interactions', slices.copyInteractions),
    ]);

    state.phase = 'finalizing';
    const revision = state.metadataRevision;
    const finalMetadata = { ...state.metadata };
    await recovery.guard('finalize', () =>
      quick.completeClone({
        cloneId: input.cloneId,
        metadata: finalMetadata,
        revision,
        issueCount: state.issues.length + issueOverflow,
      }),
    );
    state.appliedMetadataRevision = Math.max(state.appliedMetadataRevision, revision);

    copyingFinished = true;
    await metadataSync;
    if (metadataFailure) throw metadataFailure;

    state.status = 'completed';
    state.phase = 'completed';
    state.completedAt = new Date().toISOString();
    upsertSearchAttributes([{ key: CloneStatus, value: 'completed' }]);
    upsertMemo({ clone: snapshot() });
    await condition(allHandlersFinished);
    return snapshot();
  } catch (error) {
    copyingFinished = true;
    const cancelled = isCancellation(error);
    const reason = cancelled ? 'the clone was cancelled' : rootMessage(error);
    state.phase = 'cleaning-up';
    state.attention = [];
    state.error = cancelled ? null : reason;
    log.warn('clone stopped, cleaning up', { cloneId: input.cloneId, cancelled, reason });

    // Clean-up must run even though the workflow itself is being cancelled.
    await CancellationScope.nonCancellable(() =>
      quick.discardClone({
        cloneId: input.cloneId,
        initiatorId: input.initiatorId,
        outcome: cancelled ? 'cancelled' : 'failed',
        reason,
      }),
    );

    state.status = cancelled ? 'cancelled' : 'failed';
    state.phase = state.status;
    state.completedAt = new Date().toISOString();
    upsertSearchAttributes([{ key: CloneStatus, value: state.status }]);
    upsertMemo({ clone: snapshot() });
    await condition(allHandlersFinished);
    if (cancelled) throw error;
    throw ApplicationFailure.nonRetryable(
      reason,
      rootFailureType(error) ?? CloneFailureType.InvalidConfiguration,
    );
  }
}

function overflowIssue(count: number): CloneIssue {
  return {
    component: 'interactions',
    sourceId: '*',
    reason: `${count} more item(s) were not copied as they were; the list is cut short`,
  };
}
