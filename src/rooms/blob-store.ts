import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Bytes hashed and written to a temporary file, not yet in the store under their hash. */
export interface StagedBlob extends StoredBlob {
  /** Moves the bytes into place; a blob already present under the hash is kept as it is. */
  place(): Promise<void>;
  /** Removes the temporary file; safe after `place` and safe twice. */
  discard(): Promise<void>;
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

  private get incomingDir(): string {
    return path.join(this.root, 'incoming');
  }

  /**
   * Streams `content` to a temporary file while hashing it, holding one chunk at a time. Past
   * `maxBytes` it stops with BlobTooLargeError; on any failure nothing is left behind.
   */
  async stage(content: Readable, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
    await mkdir(this.incomingDir, { recursive: true });
    const temporary = path.join(this.incomingDir, randomUUID());

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
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }

    const sha256 = hash.digest('hex');
    const final = this.pathOf(sha256);
    return {
      sha256,
      size,
      place: async () => {
        if (await this.has(sha256)) {
          await rm(temporary, { force: true });
          return;
        }
        await mkdir(path.dirname(final), { recursive: true });
        await rename(temporary, final);
      },
      discard: () => rm(temporary, { force: true }),
    };
  }

  /** Stages and places at once: for callers that need no lock between the two (start-up). */
  async put(content: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const staged = await this.stage(content, options);
    try {
      await staged.place();
    } finally {
      await staged.discard();
    }
    return { sha256: staged.sha256, size: staged.size };
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

  /** Temporary files of writes still in flight or abandoned; empty when the store is at rest. */
  async incomingFiles(): Promise<string[]> {
    try {
      return await readdir(this.incomingDir);
    } catch {
      return [];
    }
  }
}
