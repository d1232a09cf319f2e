import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSettings } from './load-generator.js';

const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

/** Runs autocannon in a child process and returns what it measured. */
export async function generateLoad(settings: LoadSettings): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', GENERATOR, JSON.stringify(settings)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited ${code}: ${stderr.trim()}`);
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as LoadResult;
}
