import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.js';
import { unauthorized } from './problem.js';

const ALGORITHM = 'HS256';

/**
 * The HS256 secret: AUTH_JWT_SECRET, or on the embedded default a random one kept in DATA_DIR
 * so that `npm run token` and the running server agree without any set-up.
 */
export async function resolveJwtSecret(config: Config): Promise<Uint8Array> {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);

  const file = path.join(config.dataDir, 'jwt-secret');
  try {
    return new TextEncoder().encode((await readFile(file, 'utf8')).trim());
  } catch {
    await mkdir(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // `wx` fails if another process wrote it first; then theirs is the one to use.
    await writeFile(file, secret, { flag: 'wx', mode: 0o600 }).catch(() => undefined);
    return new TextEncoder().encode((await readFile(file, 'utf8')).trim());
  }
}

export async function signToken(
  secret: Uint8Array,
  userId: string,
  expiresIn: string | number = '12h',
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}

/** The user id of a verified bearer token; identity comes from the LMS, so any id is valid. */
async function verifyBearer(
  secret: Uint8Array,
  authorization: string | undefined,
): Promise<{ token: string; userId: string; expiresAtMs: number | null }> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorized('send Authorization: Bearer <token>');

  try {
    const { payload } = await jwtVerify(match[1], secret, { algorithms: [ALGORITHM] });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw unauthorized('the token names no user (sub)');
    }
    const expiresAtMs = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
    return { token: match[1], userId: payload.sub, expiresAtMs };
  } catch (error) {
    if (error instanceof Error && error.name === 'HttpProblem') throw error;
    const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
    throw unauthorized(expired ? 'the token has expired' : 'the token is not valid');
  }
}

/** Tokens verified recently; a client sends the same one on every request. */
const CACHE_ENTRIES = 10_000;
const CACHE_TTL_MS = 60_000;

/**
 * An authenticator that remembers tokens it has verified, for a minute at most and never past
 * their expiry: an HMAC check is a third of a cheap request's cost. Only successes are kept, so
 * a forged token is checked (and refused) every time.
 */
export function createAuthenticator(secret: Uint8Array) {
  const verified = new Map<string, { userId: string; validUntilMs: number }>();

  return async (authorization: string | undefined): Promise<string> => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cached = token ? verified.get(token) : undefined;
    if (token && cached) {
      if (cached.validUntilMs > Date.now()) return cached.userId;
      verified.delete(token);
    }

    const fresh = await verifyBearer(secret, authorization);
    const validUntilMs = Math.min(
      fresh.expiresAtMs ?? Number.POSITIVE_INFINITY,
      Date.now() + CACHE_TTL_MS,
    );
    if (verified.size >= CACHE_ENTRIES) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(fresh.token, { userId: fresh.userId, validUntilMs });
    return fresh.userId;
  };
}
