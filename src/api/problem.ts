/** An RFC 9457 problem the API answers with; `type` names the kind of refusal. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toBody() {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...this.extra,
    };
  }
}

export function problemType(slug: string): string {
  return `urn:problem:room-clone:${slug}`;
}

export const notFound = (what: string) =>
  new HttpProblem(404, 'not-found', 'Not found', `${what} does not exist or is not visible to you`);

export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail);

export const conflict = (slug: string, detail: string) =>
  new HttpProblem(409, slug, 'Conflict', detail);

export const badRequest = (detail: string, errors: { field: string; message: string }[] = []) =>
  new HttpProblem(400, 'validation-failed', 'Invalid request', detail, { errors });

export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail);

export const tooLarge = (limit: number) =>
  new HttpProblem(
    413,
    'content-too-large',
    'Content too large',
    `the file is larger than the upload limit of ${limit} bytes`,
  );

export const unsupportedMediaType = (detail: string) =>
  new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail);

export const rangeNotSatisfiable = (size: number) =>
  new HttpProblem(
    416,
    'range-not-satisfiable',
    'Range not satisfiable',
    `the requested range lies outside the content, which is ${size} bytes long`,
  );
