import { activityInfo, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  type BatchResult,
  type CloneCopier,
  CloneStepError,
  type PreparedClone,
} from '../rooms/clone-copier.js';
import type { CloneIssue } from '../shared/clone-contract.js';
import { CloneFailureType } from '../shared/errors.js';
import type { CloneMetadata } from '../shared/metadata.js';

export interface SliceRequest {
  cloneId: string;
  /** Where the slice starts; null for the first. */
  cursor: string | null;
  /** How many source items the slice covers at most. */
  sliceSize: number;
}

export interface SliceResult {
  processed: number;
  cursor: string | null;
  issues: CloneIssue[];
}

interface SliceCheckpoint extends SliceResult {}

type BatchCopy = (cloneId: string, cursor: string | null, limit: number) => Promise<BatchResult>;

/** Rows a single transaction copies: small enough to commit fast, large enough to be set-based. */
export const DEFAULT_TRANSACTION_BATCH = 500;

/** Turns a store refusal into the non-retryable failure the workflow matches on by type. */
async function asActivityFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CloneStepError) {
      throw ApplicationFailure.nonRetryable(error.message, error.type);
    }
    // SQLSTATE class 22 is a data exception: the same rows fail the same way on every attempt,
    // so waiting for an operator's retry would not help either.
    const sqlState = (error as { code?: unknown }).code;
    if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
      throw ApplicationFailure.nonRetryable(
        `the store refused the data: ${(error as Error).message}`,
        CloneFailureType.InvalidData,
      );
    }
    throw error;
  }
}

/**
 * Copies one slice in transaction-sized batches, heartbeating after each commit. A retried
 * attempt resumes from the last heartbeat; rows it copies again are skipped by the store's
 * unique keys, so a crash between a commit and its heartbeat duplicates nothing.
 */
async function copySlice(
  copyBatch: BatchCopy,
  request: SliceRequest,
  transactionBatch: number,
): Promise<SliceResult> {
  const resumed = activityInfo().heartbeatDetails as SliceCheckpoint | undefined;
  const progress: SliceCheckpoint = resumed ?? {
    processed: 0,
    cursor: request.cursor,
    issues: [],
  };
  if (resumed) log.info('resuming slice from heartbeat', { processed: resumed.processed });

  while (progress.processed < request.sliceSize) {
    const limit = Math.min(transactionBatch, request.sliceSize - progress.processed);
    const batch = await copyBatch(request.cloneId, progress.cursor, limit);
    progress.processed += batch.processed;
    progress.cursor = batch.cursor;
    progress.issues.push(...batch.issues);
    heartbeat(progress);
    if (batch.cursor === null) return { ...progress, cursor: null };
  }
  return progress;
}

/** CloneRoom's activities, bound to the store they write to. */
export function createCloneActivities(deps: { copier: CloneCopier; transactionBatch?: number }) {
  const { copier } = deps;
  const transactionBatch = deps.transactionBatch ?? DEFAULT_TRANSACTION_BATCH;

  return {
    /** Checks the preconditions, snapshots the source and creates the room in `cloning`. */
    async prepareClone(request: {
      cloneId: string;
      sourceRoomId: string;
      initiatorId: string;
      metadata: CloneMetadata;
    }): Promise<PreparedClone> {
      const prepared = await asActivityFailure(() => copier.prepare(request));
      log.info('clone prepared', { cloneId: request.cloneId, targetRoomId: prepared.targetRoomId });
      return prepared;
    },

    async copySettings(request: { cloneId: string }): Promise<void> {
      await asActivityFailure(() => copier.copySettings(request.cloneId));
    },

    async copyAssets(request: SliceRequest): Promise<SliceResult> {
      return asActivityFailure(() =>
        copySlice((...args) => copier.copyAssetBatch(...args), request, transactionBatch),
      );
    },

    async copyStoryboard(request: SliceRequest): Promise<SliceResult> {
      return asActivityFailure(() =>
        copySlice((...args) => copier.copyStoryboardBatch(...args), request, transactionBatch),
      );
    },

    async copyInteractions(request: SliceRequest): Promise<SliceResult> {
      return asActivityFailure(() =>
        copySlice((...args) => copier.copyInteractionBatch(...args), request, transactionBatch),
      );
    },

    async applyCloneMetadata(request: {
      cloneId: string;
      metadata: CloneMetadata;
      revision: number;
    }): Promise<void> {
      await asActivityFailure(() =>
        copier.applyMetadata(request.cloneId, request.metadata, request.revision),
      );
    },

    /** Marks the room ready, lists it in the course and notifies the initiator. */
    async completeClone(request: {
      cloneId: string;
      metadata: CloneMetadata;
      revision: number;
      issueCount: number;
    }): Promise<{ targetRoomId: string }> {
      const completed = await asActivityFailure(() => copier.complete(request));
      log.info('clone completed', { cloneId: request.cloneId, ...completed });
      return completed;
    },

    /** Removes what a failed or cancelled clone made and tells the initiator why. */
    async discardClone(request: {
      cloneId: string;
      initiatorId: string;
      outcome: 'failed' | 'cancelled';
      reason: string;
    }): Promise<{ completedAlready: boolean }> {
      const result = await copier.discard(request);
      log.info('clone discarded', {
        cloneId: request.cloneId,
        outcome: request.outcome,
        ...result,
      });
      return result;
    },
  };
}

export type CloneActivities = ReturnType<typeof createCloneActivities>;
