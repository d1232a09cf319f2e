import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ApiError } from './api.js';
import type { Clone } from './contract.js';

export interface CloneFollower {
  stop(): void;
}

const RETRY_MS = [500, 1000, 2000, 5000];

/**
 * Follows a clone through GET /api/clones/:id/events until its final snapshot. EventSource
 * cannot send the Authorization header, so this reads the stream with fetch; a dropped
 * connection is opened again (the server starts every stream with the current snapshot).
 */
export function followClone(
  cloneId: string,
  token: string,
  handlers: { onSnapshot(clone: Clone): void; onTrouble(error: unknown | null): void },
): CloneFollower {
  const abort = new AbortController();
  let attempt = 0;

  async function readOnce(): Promise<'ended' | 'dropped'> {
    const response = await fetch(`/api/clones/${encodeURIComponent(cloneId)}/events`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) {
      const problem = (response.headers.get('content-type') ?? '').includes('json')
        ? await response.json().catch(() => null)
        : null;
      throw new ApiError(response.status, problem);
    }

    const events = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    for (;;) {
      const { value, done } = await events.read();
      if (done) return 'dropped';
      if (!value.data) continue;
      const clone = JSON.parse(value.data) as Clone;
      attempt = 0;
      handlers.onTrouble(null);
      handlers.onSnapshot(clone);
      if (clone.status !== 'running') {
        await events.cancel().catch(() => undefined);
        return 'ended';
      }
    }
  }

  async function run(): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        if ((await readOnce()) === 'ended') return;
      } catch (error) {
        if (abort.signal.aborted) return;
        // A clone this user may not see (or one that no longer exists) will not come back.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
          handlers.onTrouble(error);
          return;
        }
        handlers.onTrouble(error);
      }
      const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 5000;
      attempt += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  void run();
  return { stop: () => abort.abort() };
}
