import type { CloneProgress } from '../../src/shared/clone-contract.js';
import type { TestStack } from './stack.js';
import { waitFor } from './wait.js';

/** Polls GET /api/clones/:id until the clone has ended, and returns its final state. */
export async function cloneOutcome(
  stack: TestStack,
  cloneId: string,
  user: string,
  timeoutMs = 60_000,
): Promise<CloneProgress> {
  return waitFor(
    `clone ${cloneId} to end`,
    async () => {
      const answer = await stack.call<CloneProgress>('GET', `/api/clones/${cloneId}`, { user });
      if (answer.status !== 200) throw new Error(`GET clone answered ${answer.status}`);
      return answer.body.status === 'running' ? undefined : answer.body;
    },
    { timeoutMs },
  );
}
