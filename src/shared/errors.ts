/**
 * The ApplicationFailure types that CloneRoom's activities throw for failures no retry can fix.
 * The workflow and the API match on these names, never on message text.
 */
export const CloneFailureType = {
  SourceRoomNotFound: 'SourceRoomNotFound',
  SourceRoomNotReady: 'SourceRoomNotReady',
  CloneNotPermitted: 'CloneNotPermitted',
  CncDisabled: 'CncDisabled',
  TargetRoomGone: 'TargetRoomGone',
  SourceDataUnreadable: 'SourceDataUnreadable',
  InvalidConfiguration: 'InvalidConfiguration',
  /** Data the store refuses as it stands (an invalid byte sequence, say): retrying repeats it. */
  InvalidData: 'InvalidData',
} as const;
export type CloneFailureType = (typeof CloneFailureType)[keyof typeof CloneFailureType];

export const NON_RETRYABLE_CLONE_FAILURES: string[] = Object.values(CloneFailureType);
