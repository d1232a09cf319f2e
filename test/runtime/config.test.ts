import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ConfigError, loadConfig, requireProductionServices } from '../../src/config.js';
import { REPO_ROOT } from '../support/paths.js';

const run = promisify(execFile);

describe('configuration from the environment', () => {
  test('defaults to the embedded product on port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.temporalAddress, undefined);
    assert.equal(config.temporalDevPort, 7233);
    assert.equal(config.temporalUiPort, 8233);
    assert.equal(config.temporalNamespace, 'default');
    assert.equal(config.seedDemo, undefined);
  });

  test('names every bad value at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://nope',
          TEMPORAL_ADDRESS: 'no port here',
          AUTH_JWT_SECRET: 'short',
          SEED_DEMO: 'perhaps',
          LOG_LEVEL: 'loud',
          IMPORT_FIXTURE: 'no/such/fixture.json',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const fields = error.problems.map((problem) => problem.split('=')[0]);
        assert.deepEqual(fields.sort(), [
          'AUTH_JWT_SECRET',
          'DATABASE_URL',
          'IMPORT_FIXTURE',
          'LOG_LEVEL',
          'PORT',
          'SEED_DEMO',
          'TEMPORAL_ADDRESS',
        ]);
        return true;
      },
    );
  });

  test('the production processes need a database server and a Temporal cluster', () => {
    assert.throws(
      () => requireProductionServices(loadConfig({}), 'worker'),
      /DATABASE_URL is required[\s\S]*TEMPORAL_ADDRESS is required/,
    );
  });

  test('dev sign-in is unset by default and refused by the production processes', () => {
    assert.equal(loadConfig({}).devSignIn, undefined);
    assert.equal(loadConfig({ DEV_SIGN_IN: 'false' }).devSignIn, false);
    const production = {
      DATABASE_URL: 'postgres://db/rooms',
      TEMPORAL_ADDRESS: 'temporal:7233',
    };
    assert.doesNotThrow(() => requireProductionServices(loadConfig(production), 'API'));
    assert.throws(
      () => requireProductionServices(loadConfig({ ...production, DEV_SIGN_IN: 'true' }), 'API'),
      /DEV_SIGN_IN must not be on in the API/,
    );
  });

  test('npm start refuses a bad value with a clear message and starts nothing', async () => {
    await assert.rejects(
      run('node', ['--import', 'tsx', 'src/main.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: '99999' },
      }),
      (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr ?? '', /Invalid configuration:[\s\S]*PORT="99999"/);
        return true;
      },
    );
  });
});
