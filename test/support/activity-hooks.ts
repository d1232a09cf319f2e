import type { CloneActivities } from '../../src/activities/index.js';
import { createGate } from './wait.js';

export type ActivityName = keyof CloneActivities;

/** A clone held just before one activity: `reached` opens when it gets there, `gate` lets it on. */
export interface Hold {
  reached: ReturnType<typeof createGate>;
  gate: ReturnType<typeof createGate>;
}

export interface CloneHooks {
  /** Runs before the real activity; throwing here fails the attempt before it writes. */
  before?(activity: ActivityName, request: unknown): Promise<void> | void;
  /** Runs after the real activity; throwing here fails an attempt whose write has committed. */
  after?(activity: ActivityName, request: unknown): Promise<void> | void;
}

/**
 * Test hooks around the real activities, chosen per clone by the name it was requested under
 * (prepareClone sees the name and the clone id; every later activity sees the clone id). The
 * activities themselves run unchanged against the real store.
 */
export function createActivityHooks() {
  const byName = new Map<string, CloneHooks>();
  const byClone = new Map<string, CloneHooks>();

  function hooksFor(activity: ActivityName, request: unknown): CloneHooks | undefined {
    const { cloneId, metadata } = request as { cloneId: string; metadata?: { name?: string } };
    if (activity === 'prepareClone' && metadata?.name) {
      const hooks = byName.get(metadata.name);
      if (hooks) byClone.set(cloneId, hooks);
    }
    return byClone.get(cloneId);
  }

  function wrap(activities: CloneActivities): CloneActivities {
    const wrapped: Record<string, (request: unknown) => Promise<unknown>> = {};
    for (const [name, activity] of Object.entries(activities)) {
      const run = activity as (request: unknown) => Promise<unknown>;
      wrapped[name] = async (request: unknown) => {
        const hooks = hooksFor(name as ActivityName, request);
        await hooks?.before?.(name as ActivityName, request);
        const result = await run(request);
        await hooks?.after?.(name as ActivityName, request);
        return result;
      };
    }
    return wrapped as unknown as CloneActivities;
  }

  return {
    wrap,
    /** Hooks for the clone requested under `name` (the clone's requested room name). */
    onClone(name: string, hooks: CloneHooks) {
      byName.set(name, hooks);
    },
    /** Holds the clone requested under `name` just before `activity`, until its gate opens. */
    holdBefore(name: string, activity: ActivityName): Hold {
      const hold: Hold = { reached: createGate(), gate: createGate() };
      byName.set(name, {
        async before(current) {
          if (current !== activity) return;
          hold.reached.open();
          await hold.gate.passed;
        },
      });
      return hold;
    },
  };
}
