/**
 * Who is signed in. In production the LMS opens the page with `#token=<JWT>`; the token is kept
 * in sessionStorage (this tab only) and taken off the address bar so it is not bookmarked or
 * shared. In the embedded default the user picker fetches a token instead.
 */

const TOKEN_KEY = 'room-clone.token';
const NAME_KEY = 'room-clone.user-name';

export interface Session {
  token: string;
  userId: string;
  /** The user's display name when known (the picker knows it; an LMS token may not carry it). */
  name: string | null;
}

/** The payload of a JWT, unverified: the server checks the signature, the page only reads it. */
function claimsOf(token: string): { sub?: unknown; exp?: unknown; name?: unknown } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replaceAll('-', '+').replaceAll('_', '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function sessionFromToken(token: string, name: string | null): Session | null {
  const claims = claimsOf(token);
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return null;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return null;
  const claimedName = typeof claims.name === 'string' ? claims.name : null;
  return { token, userId: claims.sub, name: name ?? claimedName };
}

/** Takes a token from the fragment if the LMS sent one, else the one this tab already holds. */
export function restoreSession(): Session | null {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const offered = fragment.get('token');
  if (offered) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const session = sessionFromToken(offered, null);
    if (session) {
      saveSession(session);
      return session;
    }
  }
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (!stored) return null;
  const session = sessionFromToken(stored, sessionStorage.getItem(NAME_KEY));
  if (!session) clearSession();
  return session;
}

export function startSession(token: string, name: string | null): Session | null {
  const session = sessionFromToken(token, name);
  if (session) saveSession(session);
  return session;
}

function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
  if (session.name) sessionStorage.setItem(NAME_KEY, session.name);
  else sessionStorage.removeItem(NAME_KEY);
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(NAME_KEY);
}
