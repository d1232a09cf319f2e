import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAuthenticator, signToken } from '../../src/api/auth.js';
import { HttpProblem } from '../../src/api/problem.js';

// A unit test of the authenticator alone: real tokens, real HMAC, no server.
describe('the bearer authenticator', () => {
  const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret-!!');
  const other = new TextEncoder().encode('another-secret-another-secret-12345!');

  test('answers the user of a valid token, again and again', async () => {
    const authenticate = createAuthenticator(secret);
    const token = await signToken(secret, 'u-amoreno');
    assert.equal(await authenticate(`Bearer ${token}`), 'u-amoreno');
    assert.equal(await authenticate(`Bearer ${token}`), 'u-amoreno');
  });

  test('refuses a forged token every time, however often it is sent', async () => {
    const authenticate = createAuthenticator(secret);
    const forged = await signToken(other, 'u-amoreno');
    for (let attempt = 0; attempt < 3; attempt++) {
      await assert.rejects(authenticate(`Bearer ${forged}`), (error: unknown) => {
        assert.ok(error instanceof HttpProblem);
        assert.equal(error.status, 401);
        return true;
      });
    }
  });

  test('refuses an expired token, and a token that expires is not served from memory', async () => {
    const authenticate = createAuthenticator(secret);
    const expired = await signToken(secret, 'u-amoreno', Math.floor(Date.now() / 1000) - 10);
    await assert.rejects(authenticate(`Bearer ${expired}`), /expired/);

    // Valid for one more second: accepted now, refused once that second has passed.
    const expiresAt = Math.floor(Date.now() / 1000) + 1;
    const shortLived = await signToken(secret, 'u-amoreno', expiresAt);
    assert.equal(await authenticate(`Bearer ${shortLived}`), 'u-amoreno');
    const deadline = Date.now() + 5000;
    let refused = false;
    while (!refused && Date.now() < deadline) {
      refused = await authenticate(`Bearer ${shortLived}`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(refused, 'refused after its expiry');
  });

  test('asks for a bearer token when there is none', async () => {
    const authenticate = createAuthenticator(secret);
    await assert.rejects(authenticate(undefined), /Bearer/);
    await assert.rejects(authenticate('Basic abc'), /Bearer/);
  });
});
