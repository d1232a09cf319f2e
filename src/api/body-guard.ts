import { hasUnstorableText } from '../shared/metadata.js';
import { badRequest } from './problem.js';

/** Deeper than any real settings or content; past it, a body is refused rather than walked. */
const MAX_DEPTH = 32;

function problemIn(
  value: unknown,
  path: string,
  depth: number,
): { field: string; message: string } | null {
  if (typeof value === 'string') {
    return hasUnstorableText(value)
      ? { field: path || 'body', message: 'contains a NUL or an unpaired surrogate character' }
      : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) {
    return { field: path || 'body', message: `is nested more than ${MAX_DEPTH} levels deep` };
  }
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path ? `${path}.${key}` : String(key);
    if (typeof key === 'string' && hasUnstorableText(key)) {
      return { field: childPath, message: 'has a key with a NUL or an unpaired surrogate' };
    }
    const problem = problemIn(child, childPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Refuses a JSON body the store could not keep as sent, naming the field. */
export function assertStorableBody(body: unknown): void {
  const problem = problemIn(body, '', 0);
  if (problem) {
    throw badRequest(`the body is invalid: ${problem.field}: ${problem.message}`, [problem]);
  }
}
