import type { Page, Problem } from './contract.js';

/** A refusal or failure of the API, carrying its problem document when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `the server answered ${status}`);
    this.name = 'ApiError';
  }

  /** The message of the field named `field`, if the server refused that field. */
  fieldMessage(field: string): string | undefined {
    return this.problem?.errors?.find((error) => error.field === field)?.message;
  }
}

let signedOutListener: (() => void) | null = null;

/** Called when the server no longer accepts the token (expired or revoked). */
export function onSignedOut(listener: () => void): void {
  signedOutListener = listener;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return (await response.json()) as Problem;
  } catch {
    return null;
  }
}

/** One request to this host's API; a refusal throws ApiError. */
export async function request<Body>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Body> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) {
    const error = new ApiError(response.status, await problemOf(response));
    if (response.status === 401 && options.token) signedOutListener?.();
    throw error;
  }
  if (response.status === 204) return undefined as Body;
  return (await response.json()) as Body;
}

/** Every item of a paged list, following `nextCursor` up to `maxPages` pages. */
export async function requestAll<Item>(
  path: string,
  options: RequestOptions,
  maxPages = 20,
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor
      ? `${path}${separator}limit=500&cursor=${encodeURIComponent(cursor)}`
      : `${path}${separator}limit=500`;
    const answer: Page<Item> = await request<Page<Item>>('GET', url, options);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** The words to show a person for an error the page could not avoid. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0 || error.status >= 500) {
      return 'The server had a problem. Please try again in a moment.';
    }
    return sentence(error.message);
  }
  if (error instanceof TypeError) return 'The server cannot be reached. Check your connection.';
  return 'Something went wrong. Please try again.';
}

/** The API's details are lower-case clauses; shown alone they read better as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
