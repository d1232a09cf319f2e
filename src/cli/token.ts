/** `npm run --silent token -- <userId> [expiry]`: prints a bearer token for this configuration. */
import { resolveJwtSecret, signToken } from '../api/auth.js';
import { ConfigError, loadConfig } from '../config.js';

async function main(): Promise<void> {
  const [userId, expiresIn = '12h'] = process.argv.slice(2);
  if (!userId) {
    process.stderr.write('usage: npm run --silent token -- <userId> [expiry, e.g. 12h]\n');
    process.exit(2);
  }
  const config = loadConfig();
  const token = await signToken(await resolveJwtSecret(config), userId, expiresIn);
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error}\n`);
  process.exit(1);
});
