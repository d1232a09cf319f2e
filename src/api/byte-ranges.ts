import parseRange from 'range-parser';

export type RangeChoice =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * What to send for a GET of `size` bytes tagged `etag`: the whole content, one byte range, or
 * a 416. A Range header that does not parse, asks for several ranges (no multipart/byteranges
 * here), or comes with an If-Range naming another version is ignored, as RFC 9110 allows.
 */
export function chooseRange(
  size: number,
  etag: string,
  headers: { range?: string | undefined; 'if-range'?: string | undefined },
): RangeChoice {
  if (!headers.range) return { kind: 'whole' };
  if (headers['if-range'] !== undefined && headers['if-range'].trim() !== etag) {
    return { kind: 'whole' };
  }

  const ranges = parseRange(size, headers.range, { combine: true });
  if (ranges === -1) return { kind: 'unsatisfiable' };
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return { kind: 'whole' };
  const [range] = ranges;
  if (!range) return { kind: 'whole' };
  return { kind: 'part', start: range.start, end: range.end };
}

/** Whether If-None-Match names `etag` (weakly, as the RFC asks for this header) or is `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
