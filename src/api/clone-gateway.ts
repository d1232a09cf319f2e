import { createHash, randomUUID } from 'node:crypto';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  CLONE_WORKFLOW_TYPE,
  type CloneProgress,
  type CloneRoomInput,
  cloneWorkflowId,
  getCloneProgress,
  initialCloneProgress,
  updateCloneMetadata,
} from '../shared/clone-contract.js';
import type { CloneMetadataPatch } from '../shared/metadata.js';
import { CloneInitiatorId, CloneSourceRoomId, CloneStatus } from '../shared/search-attributes.js';
import { badRequest, conflict, HttpProblem, notFound } from './problem.js';

/** How often a watcher asks a running clone for its state. */
const WATCH_INTERVAL_MS = 250;

export interface CloneListFilter {
  sourceRoomId?: string | undefined;
  status?: CloneProgress['status'] | undefined;
  limit: number;
  cursor?: string | undefined;
}

type WorkflowDescription = Awaited<
  ReturnType<ReturnType<Client['workflow']['getHandle']>['describe']>
>;

interface StoredCloneMemo {
  clone: CloneProgress;
  requestHash: string;
}

/** Maps the clone routes onto Temporal: start CloneRoom, ask it, edit it. */
export class CloneGateway {
  private readonly endedClones = new EndedCloneCache();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly maxAttempts: number,
    private readonly rpcTimeoutMs = 5000,
  ) {}

  /**
   * Bounds one call to Temporal. The client retries an unreachable server on its own; without
   * a deadline a request would hang for as long as it does, instead of answering 503.
   */
  private rpc<T>(call: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + this.rpcTimeoutMs, call);
  }

  /**
   * Starts a clone. With an idempotency key the clone id is derived from user, room and key, so
   * concurrent and repeated requests meet at one workflow id and Temporal keeps just one run.
   */
  async start(
    request: Omit<CloneRoomInput, 'cloneId' | 'requestedAt' | 'options'> & {
      idempotencyKey: string | undefined;
      requestBody: unknown;
    },
  ): Promise<CloneProgress> {
    const cloneId = request.idempotencyKey
      ? idempotentCloneId(request.initiatorId, request.sourceRoomId, request.idempotencyKey)
      : randomUUID();
    const input: CloneRoomInput = {
      cloneId,
      sourceRoomId: request.sourceRoomId,
      initiatorId: request.initiatorId,
      metadata: request.metadata,
      components: request.components,
      requestedAt: new Date().toISOString(),
      options: { maxAttempts: this.maxAttempts },
    };
    const initial = initialCloneProgress(input);
    const requestHash = hashBody(request.requestBody);
    const memo: StoredCloneMemo = { clone: initial, requestHash };

    try {
      const handle = await this.rpc(() =>
        this.client.workflow.start(CLONE_WORKFLOW_TYPE, {
          workflowId: cloneWorkflowId(cloneId),
          taskQueue: this.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: memo as unknown as Record<string, unknown>,
          typedSearchAttributes: [
            { key: CloneSourceRoomId, value: input.sourceRoomId },
            { key: CloneInitiatorId, value: input.initiatorId },
            { key: CloneStatus, value: 'running' },
          ],
          staticSummary: `Clone of room ${input.sourceRoomId} for ${input.initiatorId}`,
        }),
      );
      if (!request.idempotencyKey) return initial;
      // USE_EXISTING answers a repeat with the running workflow: compare what it was asked.
      return await this.repeatOf(handle.workflowId, request.initiatorId, requestHash);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // The key's clone has already ended: answer with it, as the first request was answered.
      return this.repeatOf(cloneWorkflowId(cloneId), request.initiatorId, requestHash);
    }
  }

  /**
   * Answers a request whose key was seen before with the clone as its memo last recorded it.
   * The memo comes from the server alone, so fifty simultaneous repeats never queue on the
   * worker; a key reused with another body is refused.
   */
  private async repeatOf(workflowId: string, userId: string, requestHash: string) {
    const existing = await this.storedMemo(workflowId);
    if (existing.requestHash !== requestHash) throw reusedKey();
    if (existing.clone.initiatorId !== userId) throw reusedKey();
    return existing.clone;
  }

  private async storedMemo(workflowId: string): Promise<StoredCloneMemo> {
    const description = await this.rpc(() => this.client.workflow.getHandle(workflowId).describe());
    return description.memo as unknown as StoredCloneMemo;
  }

  /** The clone as its workflow reports it; someone else's clone is not found. */
  async get(cloneId: string, userId: string): Promise<CloneProgress> {
    const progress = this.endedClones.get(cloneId) ?? (await this.fetchProgress(cloneId));
    if (progress.initiatorId !== userId) throw notFound(`clone ${cloneId}`);
    return progress;
  }

  /**
   * A running clone answers its query from the worker's cache. An ended one is read from the
   * server alone: a query on a closed workflow makes a worker replay its whole history, which
   * `npm run bench` measured at about 36 GETs a second on the embedded default. CloneRoom leaves
   * its final state in its memo; a run that ended without doing so is read from its close event
   * (completed) or asked (failed, cancelled).
   */
  private async fetchProgress(cloneId: string): Promise<CloneProgress> {
    const handle = this.client.workflow.getHandle(cloneWorkflowId(cloneId));
    let description: WorkflowDescription;
    try {
      description = await this.rpc(() => handle.describe());
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`clone ${cloneId}`);
      throw error;
    }
    const status = description.status.name;
    if (status === 'RUNNING') return this.rpc(() => handle.query(getCloneProgress));

    const stored = (description.memo as unknown as StoredCloneMemo | undefined)?.clone;
    let progress: CloneProgress;
    if (status !== 'COMPLETED' && status !== 'FAILED' && status !== 'CANCELLED') {
      progress = this.fromDescription(description);
    } else if (stored && stored.status !== 'running') {
      progress = stored;
    } else if (status === 'COMPLETED') {
      progress = await this.rpc(() => handle.result());
    } else {
      progress = await this.rpc(() => handle.query(getCloneProgress)).catch(() =>
        this.fromDescription(description),
      );
    }
    this.endedClones.remember(cloneId, progress);
    return progress;
  }

  /** A workflow that cannot answer queries (terminated by an operator) still has its memo. */
  private fromDescription(description: WorkflowDescription): CloneProgress {
    const { clone } = description.memo as unknown as StoredCloneMemo;
    return {
      ...clone,
      status: 'failed',
      phase: 'failed',
      error:
        description.status.name === 'TERMINATED'
          ? "the clone's workflow was terminated by an operator"
          : `the clone's workflow ended (${description.status.name.toLowerCase()})`,
      completedAt: description.closeTime?.toISOString() ?? null,
    };
  }

  async updateMetadata(
    cloneId: string,
    userId: string,
    patch: CloneMetadataPatch,
  ): Promise<CloneProgress> {
    const current = await this.get(cloneId, userId);
    if (current.status !== 'running') throw endedClone(current.status);

    const handle = this.client.workflow.getHandle(cloneWorkflowId(cloneId));
    try {
      return await this.rpc(() => handle.executeUpdate(updateCloneMetadata, { args: [patch] }));
    } catch (error) {
      // A clone that ended meanwhile refuses the edit whichever way the refusal arrived.
      const after = await this.get(cloneId, userId).catch(() => null);
      if (after && after.status !== 'running') throw endedClone(after.status);
      if (error instanceof WorkflowUpdateFailedError) {
        throw new HttpProblem(
          400,
          'validation-failed',
          'Invalid request',
          error.cause?.message ?? error.message,
        );
      }
      // The edit was sent but no answer came back in time: it may well have been applied, so
      // say that instead of claiming it was refused.
      throw new HttpProblem(
        503,
        'edit-outcome-unknown',
        'Service unavailable',
        'the edit was sent but its answer did not arrive in time; it may have been applied: ' +
          'read the clone before sending it again',
      );
    }
  }

  /** Asks CloneRoom to cancel; its clean-up runs and it ends `cancelled`. */
  async cancel(cloneId: string, userId: string): Promise<CloneProgress> {
    const current = await this.get(cloneId, userId);
    if (current.status !== 'running') throw endedClone(current.status);
    await this.rpc(() => this.client.workflow.getHandle(cloneWorkflowId(cloneId)).cancel());
    return current;
  }

  /**
   * The caller's clones, newest first, from Temporal's visibility store. A running clone is
   * asked for its live state; an ended one answers from the final state it left in its memo.
   */
  async list(userId: string, filter: CloneListFilter) {
    const clauses = [`CloneInitiatorId = ${visibilityLiteral(userId)}`];
    if (filter.sourceRoomId) {
      clauses.push(`CloneSourceRoomId = ${visibilityLiteral(filter.sourceRoomId)}`);
    }
    // A clone waiting for an operator is still running, as far as its initiator can tell.
    if (filter.status === 'running') clauses.push('CloneStatus IN ("running", "needs-attention")');
    else if (filter.status) clauses.push(`CloneStatus = ${visibilityLiteral(filter.status)}`);

    let nextPageToken: Uint8Array | undefined;
    if (filter.cursor) {
      try {
        nextPageToken = Buffer.from(filter.cursor, 'base64url');
      } catch {
        throw badRequest('cursor is not one this server issued');
      }
    }
    const page = await this.rpc(() =>
      this.client.workflowService.listWorkflowExecutions({
        namespace: this.client.options.namespace,
        query: clauses.join(' AND '),
        pageSize: filter.limit,
        nextPageToken,
      }),
    );

    const items = await Promise.all(
      (page.executions ?? []).map(async (execution) => {
        const memo = execution.memo?.fields?.clone;
        const stored = memo ? defaultPayloadConverter.fromPayload<CloneProgress>(memo) : null;
        if (stored && stored.status !== 'running') return stored;
        const cloneId = stored?.id ?? execution.execution?.workflowId?.replace(/^clone-room:/, '');
        if (!cloneId) return null;
        return this.get(cloneId, userId).catch(() => stored);
      }),
    );
    const token = page.nextPageToken;
    return {
      items: items.filter((item): item is CloneProgress => item !== null),
      nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null,
    };
  }

  /**
   * Yields the clone's state now and again on every change, until it has ended. Polls the
   * progress query: Temporal has no push for query results, and a query writes no history.
   */
  async *watch(cloneId: string, userId: string, signal: AbortSignal) {
    let last = '';
    while (!signal.aborted) {
      const progress = await this.get(cloneId, userId);
      const serialized = JSON.stringify(progress);
      if (serialized !== last) {
        last = serialized;
        yield progress;
      }
      if (progress.status !== 'running') return;
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
  }
}

/**
 * A visibility query string literal. User ids come from the LMS and may hold any printable
 * character but the two a literal cannot carry; such an id finds no clones rather than failing.
 */
function visibilityLiteral(value: string): string {
  const unsearchable = /["\\]/.test(value) || [...value].some((char) => char.charCodeAt(0) < 32);
  if (unsearchable) throw badRequest(`"${value}" cannot be searched for`);
  return `"${value}"`;
}

/**
 * Final states of ended clones, kept a minute so a page polling a finished clone costs nothing.
 * An ended clone does not change; the minute bounds how long an operator's reset of a closed
 * workflow (which makes it run again) goes unseen by this API process.
 */
class EndedCloneCache {
  private readonly entries = new Map<string, { progress: CloneProgress; expiresAt: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = 60_000,
  ) {}

  get(cloneId: string): CloneProgress | undefined {
    const entry = this.entries.get(cloneId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(cloneId);
      return undefined;
    }
    return entry.progress;
  }

  remember(cloneId: string, progress: CloneProgress): void {
    if (progress.status === 'running') return;
    this.entries.delete(cloneId);
    this.entries.set(cloneId, { progress, expiresAt: Date.now() + this.ttlMs });
    // Maps iterate in insertion order: the first key is the oldest entry.
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

function endedClone(status: string) {
  return conflict('clone-ended', `the clone has ${status}: edit the room itself instead`);
}

function reusedKey() {
  return conflict(
    'idempotency-key-reused',
    'this Idempotency-Key was already used with a different request body',
  );
}

function idempotentCloneId(userId: string, roomId: string, key: string): string {
  const digest = createHash('sha256').update(`${userId}\u0000${roomId}\u0000${key}`).digest('hex');
  return `k-${digest.slice(0, 32)}`;
}

/** A hash of the body that ignores key order, so the same fields in another order match. */
function hashBody(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(body ?? {}))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const fields = entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
