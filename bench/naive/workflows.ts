import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { NaiveActivities } from './activities.js';
import {
  NAIVE_COMPONENTS,
  type NaiveCloneInput,
  type NaiveCloneResult,
  type NaiveCloneState,
} from './contract.js';

const activities = proxyActivities<NaiveActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

/**
 * The baseline: the clone as a first attempt would write it, one activity per asset, storyboard
 * item and interaction, a few in flight at a time. Its history grows with the room, so it has to
 * continue as new after every page of ids to stay under the server's event limit.
 */
export async function naiveCloneRoom(
  input: NaiveCloneInput,
  carried?: NaiveCloneState,
): Promise<NaiveCloneResult> {
  let state = carried;
  if (!state) {
    const prepared = await activities.prepareClone({
      cloneId: input.cloneId,
      sourceRoomId: input.sourceRoomId,
      initiatorId: input.initiatorId,
      metadata: input.metadata,
    });
    await activities.copySettings({ cloneId: input.cloneId });
    state = {
      targetRoomId: prepared.targetRoomId,
      component: 'assets',
      cursor: null,
      copied: { assets: 0, storyboard: 0, interactions: 0 },
      skipped: 0,
      runIds: [],
    };
  }
  const current = state;
  current.runIds.push(workflowInfo().runId);

  const page = await activities.listSourceIds({
    cloneId: input.cloneId,
    component: current.component,
    cursor: current.cursor,
    limit: input.pageSize,
  });
  const component = current.component;
  let next = 0;
  const lane = async () => {
    while (next < page.ids.length) {
      const sourceId = page.ids[next++] as string;
      const copied = await activities.copyOne({ cloneId: input.cloneId, component, sourceId });
      if (copied) current.copied[component] += 1;
      else current.skipped += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, lane));

  if (page.nextCursor !== null) {
    current.cursor = page.nextCursor;
    return continueAsNew<typeof naiveCloneRoom>(input, current);
  }
  const following = NAIVE_COMPONENTS[NAIVE_COMPONENTS.indexOf(component) + 1];
  if (following) {
    current.component = following;
    current.cursor = null;
    return continueAsNew<typeof naiveCloneRoom>(input, current);
  }

  await activities.completeClone({
    cloneId: input.cloneId,
    metadata: input.metadata,
    issueCount: current.skipped,
  });
  return {
    targetRoomId: current.targetRoomId,
    copied: current.copied,
    skipped: current.skipped,
    runIds: current.runIds,
  };
}
