import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

/**
 * Media bytes on disk, addressed by their SHA-256. A write streams to a temporary file while it
 * hashes, then renames it into place, so a blob is either whole or absent and is stored once.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  async put(content: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const incoming = path.join(this.root, 'incoming');
    await mkdir(incoming, { recursive: true });
    const temporary = path.join(incoming, randomUUID());

    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          done(new BlobTooLargeError(options.maxBytes));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });

    try {
      await pipeline(content, meter, createWriteStream(temporary));
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      await mkdir(path.dirname(final), { recursive: true });
      await rename(temporary, final);
      return { sha256, size };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  open(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(sha256), range);
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
