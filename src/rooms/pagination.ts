/** A page of a list: newest first, with an opaque cursor for the next page. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

interface CursorKey {
  at: string;
  id: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this server issued');
    this.name = 'InvalidCursorError';
  }
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof key?.at === 'string' &&
      typeof key?.id === 'string' &&
      !Number.isNaN(Date.parse(key.at))
    ) {
      return { at: key.at, id: key.id };
    }
  } catch {
    // Falls through to the error below: a cursor that does not parse is the caller's mistake.
  }
  throw new InvalidCursorError();
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Selected beside a row's columns: its creation time as text, exact to the microsecond. */
export const CURSOR_COLUMN = 'created_at::text AS cursor_at';

/**
 * Keyset paging over `(created_at, id)` descending; the rows must carry CURSOR_COLUMN. Returns
 * the SQL condition and parameters to add to a query whose other parameters number `offset`,
 * plus a function that cuts the page.
 */
export function keysetPage<Row extends { id: string; cursor_at: string }>(
  request: PageRequest,
  offset: number,
  alias = '',
) {
  const key = decodeCursor(request.cursor);
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const condition = key
    ? `(${column('created_at')}, ${column('id')}) < ($${offset + 1}::timestamptz, $${offset + 2})`
    : 'TRUE';
  const params: unknown[] = key ? [key.at, key.id] : [];
  const order =
    `ORDER BY ${column('created_at')} DESC, ${column('id')} DESC ` + `LIMIT ${request.limit + 1}`;

  function cut<Item>(rows: Row[], toItem: (row: Row) => Item): Page<Item> {
    const more = rows.length > request.limit;
    const kept = more ? rows.slice(0, request.limit) : rows;
    const last = kept[kept.length - 1];
    return {
      items: kept.map(toItem),
      nextCursor: more && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
    };
  }

  return { condition, params, order, cut };
}
