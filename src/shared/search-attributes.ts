import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes an operator filters clones by in the Web UI and the CLI. */
export const CloneSourceRoomId = defineSearchAttributeKey(
  'CloneSourceRoomId',
  SearchAttributeType.KEYWORD,
);
export const CloneInitiatorId = defineSearchAttributeKey(
  'CloneInitiatorId',
  SearchAttributeType.KEYWORD,
);
export const CloneTargetRoomId = defineSearchAttributeKey(
  'CloneTargetRoomId',
  SearchAttributeType.KEYWORD,
);
/** `running`, `needs-attention`, `completed`, `failed` or `cancelled`. */
export const CloneStatus = defineSearchAttributeKey('CloneStatus', SearchAttributeType.KEYWORD);
/** The step a parked clone waits on, while it waits; cleared once it moves again. */
export const CloneFailingComponent = defineSearchAttributeKey(
  'CloneFailingComponent',
  SearchAttributeType.KEYWORD,
);

export const CLONE_SEARCH_ATTRIBUTES = [
  CloneSourceRoomId,
  CloneInitiatorId,
  CloneTargetRoomId,
  CloneStatus,
  CloneFailingComponent,
];
