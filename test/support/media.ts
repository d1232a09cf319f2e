import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../../src/rooms/blob-store.js';
import type { ApiAnswer, TestStack } from './stack.js';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real multipart upload: a title field and one file part, in that order unless told. */
export async function uploadAsset(
  stack: TestStack,
  roomId: string,
  options: {
    user: string | null;
    bytes: Uint8Array;
    title?: string;
    contentType?: string;
    filename?: string;
    fileFirst?: boolean;
    extraFields?: Record<string, string>;
  },
): Promise<ApiAnswer> {
  const form = new FormData();
  const file = new Blob([options.bytes], { type: options.contentType ?? 'application/pdf' });
  if (options.fileFirst) form.append('file', file, options.filename ?? 'upload.bin');
  if (options.title !== undefined) form.append('title', options.title);
  for (const [name, value] of Object.entries(options.extraFields ?? {})) form.append(name, value);
  if (!options.fileFirst) form.append('file', file, options.filename ?? 'upload.bin');

  const response = await stack.fetch(`/api/rooms/${roomId}/assets`, {
    method: 'POST',
    body: form,
    user: options.user,
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? JSON.parse(text) : text,
  };
}

/** GET /api/assets/:id/content as `user`, with the bytes read whole. */
export async function downloadAsset(
  stack: TestStack,
  assetId: string,
  user: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await stack.fetch(`/api/assets/${assetId}/content`, { user, headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

/** Every blob file in the store, incoming temporaries left out, as `ab/cdef...` paths. */
export async function blobFiles(blobs: BlobStore): Promise<string[]> {
  const files: string[] = [];
  let prefixes: string[] = [];
  try {
    prefixes = await readdir(blobs.root);
  } catch {
    return files;
  }
  for (const prefix of prefixes.filter((name) => name !== 'incoming')) {
    for (const rest of await readdir(path.join(blobs.root, prefix))) files.push(`${prefix}${rest}`);
  }
  return files.sort();
}
