/** `npm run bench`: the benchmark on the embedded default; prints a table, writes results.json. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runBenchmark } from './benchmark.js';
import { loadBenchProfile } from './profile.js';
import { formatResults } from './report.js';

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

async function main(): Promise<void> {
  const profile = loadBenchProfile();
  const started = Date.now();
  const results = await runBenchmark(profile, (message) => {
    process.stderr.write(`[${Math.round((Date.now() - started) / 1000)}s] ${message}\n`);
  });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatResults(results)}\n\nwrote ${RESULTS_FILE}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
