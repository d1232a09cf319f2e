import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';

/** Where `npm run build:web` writes the web UI (git-ignored; `npm start` builds it first). */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The built UI's folder, or undefined (with a warning) when it has not been built. */
export async function builtWebRoot(logger: Logger): Promise<string | undefined> {
  try {
    await access(path.join(WEB_BUILD_DIR, 'index.html'));
    return WEB_BUILD_DIR;
  } catch {
    logger.warn({ webRoot: WEB_BUILD_DIR }, 'web UI not built, serving the API only');
    return undefined;
  }
}
