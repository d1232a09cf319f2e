/**
 * The CloneRoom contract shared by the API, the worker, the workflow and the tests.
 * It is imported into the workflow sandbox, so it holds no Node built-ins and no I/O.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CloneMetadata, CloneMetadataPatch } from './metadata.js';

export const CLONE_WORKFLOW_TYPE = 'cloneRoom';
const WORKFLOW_ID_PREFIX = 'clone-room:';

export function cloneWorkflowId(cloneId: string): string {
  return `${WORKFLOW_ID_PREFIX}${cloneId}`;
}

export function cloneIdFromWorkflowId(workflowId: string): string | null {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX)
    ? workflowId.slice(WORKFLOW_ID_PREFIX.length)
    : null;
}

export const CLONE_COMPONENTS = ['settings', 'assets', 'storyboard', 'interactions'] as const;
export type CloneComponent = (typeof CLONE_COMPONENTS)[number];

export type CloneStatus = 'running' | 'completed' | 'failed' | 'cancelled';
export type ClonePhase =
  | 'queued'
  | 'preparing'
  | 'copying'
  | 'finalizing'
  | 'needs-attention'
  | 'cleaning-up'
  | 'completed'
  | 'failed'
  | 'cancelled';
export type ComponentState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface ComponentProgress {
  state: ComponentState;
  done: number;
  total: number;
}

/** An item the clone did not copy as it stood, and why. */
export interface CloneIssue {
  component: CloneComponent;
  sourceId: string;
  reason: string;
}

/** A step that failed past its retries, parked until an operator retries or abandons it. */
export interface CloneAttention {
  component: CloneComponent | 'prepare' | 'finalize' | 'metadata';
  error: string;
  attempts: number;
  since: string;
}

/** What a clone copies besides settings, which are always copied. */
export interface CloneComponentChoice {
  assets: boolean;
  storyboard: boolean;
  interactions: boolean;
}

export interface CloneRoomInput {
  cloneId: string;
  sourceRoomId: string;
  initiatorId: string;
  metadata: CloneMetadata;
  components: CloneComponentChoice;
  requestedAt: string;
  options?: CloneRunOptions;
}

/** How CloneRoom runs, set by whoever starts it from its configuration. */
export interface CloneRunOptions {
  /** Attempts each activity gets before the clone stops. */
  maxAttempts: number;
}

/** The state of one clone: the answer of the progress query and the API's clone resource. */
export interface CloneProgress {
  id: string;
  sourceRoomId: string;
  targetRoomId: string | null;
  initiatorId: string;
  status: CloneStatus;
  phase: ClonePhase;
  percent: number;
  components: Record<CloneComponent, ComponentProgress>;
  metadata: CloneMetadata;
  /** Bumped by every accepted metadata edit; equal to `appliedMetadataRevision` once applied. */
  metadataRevision: number;
  appliedMetadataRevision: number;
  issues: CloneIssue[];
  /** Steps waiting for an operator; empty unless the phase is `needs-attention`. */
  attention: CloneAttention[];
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** The query name equals the identifier, so the Web UI and the code use one word. */
export const getCloneProgress = defineQuery<CloneProgress>('getCloneProgress');

/** An update, not a signal, so a bad or late edit is refused to the caller instead of lost. */
export const updateCloneMetadata = defineUpdate<CloneProgress, [CloneMetadataPatch]>(
  'updateCloneMetadata',
);

/** An operator's word on a parked clone: run the failed steps again from where they stopped. */
export const retryClone = defineUpdate<CloneProgress, []>('retryClone');

/** An operator's word on a parked clone: give up, clean up, and end it failed with the reason. */
export const abandonClone = defineUpdate<CloneProgress, [{ reason?: string }]>('abandonClone');

/** Weights of each step in the overall percentage; finalizing takes the remainder. */
const PERCENT_WEIGHTS: Record<CloneComponent, number> = {
  settings: 5,
  assets: 35,
  storyboard: 15,
  interactions: 35,
};

export function overallPercent(progress: Pick<CloneProgress, 'components' | 'status'>): number {
  if (progress.status === 'completed') return 100;

  let percent = 0;
  for (const component of CLONE_COMPONENTS) {
    const { state, done, total } = progress.components[component];
    const weight = PERCENT_WEIGHTS[component];
    if (state === 'done' || state === 'skipped') percent += weight;
    else if (total > 0) percent += (weight * Math.min(done, total)) / total;
  }
  return Math.min(99, Math.floor(percent));
}

export function initialCloneProgress(input: CloneRoomInput): CloneProgress {
  const component = (chosen: boolean): ComponentProgress => ({
    state: chosen ? 'pending' : 'skipped',
    done: 0,
    total: 0,
  });

  return {
    id: input.cloneId,
    sourceRoomId: input.sourceRoomId,
    targetRoomId: null,
    initiatorId: input.initiatorId,
    status: 'running',
    phase: 'queued',
    percent: 0,
    components: {
      settings: component(true),
      assets: component(input.components.assets),
      storyboard: component(input.components.storyboard),
      interactions: component(input.components.interactions),
    },
    metadata: input.metadata,
    metadataRevision: 0,
    appliedMetadataRevision: 0,
    issues: [],
    attention: [],
    error: null,
    createdAt: input.requestedAt,
    completedAt: null,
  };
}
