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
export async function authenticate(
  secret: Uint8Array,
  authorization: string | undefined,
): Promise<string> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorized('send Authorization: Bearer <token>');

  try {
    const { payload } = await jwtVerify(match[1], secret, { algorithms: [ALGORITHM] });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw unauthorized('the token names no user (sub)');
    }
    return payload.sub;
  } catch (error) {
    if (error instanceof Error && error.name === 'HttpProblem') throw error;
    const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
    throw unauthorized(expired ? 'the token has expired' : 'the token is not valid');
  }
}
