import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './paths.js';

let built: Promise<string> | undefined;

/**
 * The web UI built from the current sources into a temporary folder, once per test process, so a
 * test never serves a stale dist/web.
 */
export function builtWebUi(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'room-clone-web-'));
    await build({
      configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}
