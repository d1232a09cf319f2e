import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  abandonClone,
  type CloneAttention,
  type CloneProgress,
  retryClone,
} from '../shared/clone-contract.js';
import { NON_RETRYABLE_CLONE_FAILURES } from '../shared/errors.js';
import { CloneFailingComponent, CloneStatus } from '../shared/search-attributes.js';

export const ABANDONED_FAILURE_TYPE = 'CloneAbandoned';

/** The message at the root of an activity failure: what an operator or initiator reads. */
export function rootMessage(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof ActivityFailure && cause.cause) cause = cause.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return 'an unexpected error stopped the clone';
}

export function rootFailureType(error: unknown): string | undefined {
  let cause: unknown = error;
  while (cause instanceof ActivityFailure && cause.cause) cause = cause.cause;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/** A failure no retry fixes: the clone ends failed instead of waiting for an operator. */
function isPermanent(error: unknown): boolean {
  const type = rootFailureType(error);
  if (type && NON_RETRYABLE_CLONE_FAILURES.includes(type)) return true;
  let cause: unknown = error;
  while (cause instanceof ActivityFailure && cause.cause) cause = cause.cause;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}

/**
 * Parks steps whose activity failed past its retry budget (the store down for longer than the
 * retries last, say) instead of failing the clone, and waits for an operator's `retryClone` or
 * `abandonClone`. Failures no retry can fix pass straight through.
 */
export function createOperatorRecovery(
  state: CloneProgress,
  options: { maxAttempts: number; snapshot: () => CloneProgress },
) {
  let retryRequests = 0;
  let abandonReason: string | null = null;
  const phaseBefore: CloneProgress['phase'][] = [];

  setHandler(
    retryClone,
    () => {
      retryRequests += 1;
      return options.snapshot();
    },
    {
      validator: () => {
        if (state.attention.length === 0)
          throw new Error('the clone is not waiting for an operator');
      },
      description:
        'Run the steps of a clone waiting for an operator again, from where they stopped.',
    },
  );

  setHandler(
    abandonClone,
    (request) => {
      // The CLI may send no input at all; then the reason is the generic one.
      const given = typeof request?.reason === 'string' ? request.reason.trim() : '';
      abandonReason = given || 'abandoned by an operator';
      return options.snapshot();
    },
    {
      validator: (_request) => {
        if (state.attention.length === 0)
          throw new Error('the clone is not waiting for an operator');
      },
      description: 'Give up a clone waiting for an operator: clean up and end it failed.',
    },
  );

  function publishAttention(): void {
    const waiting = state.attention.map((entry) => entry.component);
    upsertSearchAttributes([
      { key: CloneStatus, value: waiting.length > 0 ? 'needs-attention' : 'running' },
      { key: CloneFailingComponent, value: waiting.length > 0 ? waiting.join(',') : null },
    ]);
  }

  /** Runs `step`; when it fails past its retries, parks it and runs it again on `retryClone`. */
  async function guard<T>(component: CloneAttention['component'], step: () => Promise<T>) {
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (!(error instanceof ActivityFailure) || isPermanent(error)) throw error;

        const entry: CloneAttention = {
          component,
          error: rootMessage(error),
          attempts: options.maxAttempts,
          since: new Date().toISOString(),
        };
        if (state.attention.length === 0) phaseBefore.push(state.phase);
        state.attention.push(entry);
        state.phase = 'needs-attention';
        publishAttention();
        log.warn('clone step needs attention', { cloneId: state.id, ...entry });

        const retriesBefore = retryRequests;
        await condition(() => retryRequests > retriesBefore || abandonReason !== null);
        state.attention = state.attention.filter((waiting) => waiting !== entry);
        if (state.attention.length === 0) state.phase = phaseBefore.pop() ?? 'copying';
        publishAttention();
        if (abandonReason !== null) {
          throw ApplicationFailure.nonRetryable(abandonReason, ABANDONED_FAILURE_TYPE);
        }
        log.info('operator retried clone step', { cloneId: state.id, component });
      }
    }
  }

  return { guard };
}
