import { createParser } from 'eventsource-parser';
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

/** Opens GET /api/clones/:id/events and collects every snapshot until the server ends it. */
export async function collectCloneEvents(
  stack: TestStack,
  cloneId: string,
  user: string,
  onEvent: (clone: CloneProgress) => void = () => {},
): Promise<{ status: number; contentType: string; events: CloneProgress[] }> {
  const response = await fetch(`${stack.baseUrl}/api/clones/${cloneId}/events`, {
    headers: { authorization: `Bearer ${await stack.token(user)}`, accept: 'text/event-stream' },
  });
  const events: CloneProgress[] = [];
  const parser = createParser({
    onEvent(message) {
      const clone = JSON.parse(message.data) as CloneProgress;
      events.push(clone);
      onEvent(clone);
    },
  });
  const decoder = new TextDecoder();
  if (response.body) {
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    events,
  };
}
