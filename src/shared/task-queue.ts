/** The task queue CloneRoom's workers poll unless TEMPORAL_TASK_QUEUE says otherwise. */
export const DEFAULT_CLONE_TASK_QUEUE = 'room-clones';
