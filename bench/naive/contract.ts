/** What the naive baseline workflow and its activities agree on; sandbox-safe (no I/O). */
import type { CloneMetadata } from '../../src/shared/metadata.js';

export const NAIVE_WORKFLOW_TYPE = 'naiveCloneRoom';
export const NAIVE_TASK_QUEUE = 'bench-naive-clones';

export type NaiveComponent = 'assets' | 'storyboard' | 'interactions';
export const NAIVE_COMPONENTS: NaiveComponent[] = ['assets', 'storyboard', 'interactions'];

export interface NaiveCloneInput {
  cloneId: string;
  sourceRoomId: string;
  initiatorId: string;
  metadata: CloneMetadata;
  /** Item activities in flight at once. */
  concurrency: number;
  /** Source ids listed per run; each run continues as new after its page. */
  pageSize: number;
}

export interface NaiveCloneState {
  targetRoomId: string;
  component: NaiveComponent;
  cursor: string | null;
  copied: Record<NaiveComponent, number>;
  skipped: number;
  /** Every run of the chain, so the bench can add up their histories. */
  runIds: string[];
}

export interface NaiveCloneResult {
  targetRoomId: string;
  copied: Record<NaiveComponent, number>;
  skipped: number;
  runIds: string[];
}
