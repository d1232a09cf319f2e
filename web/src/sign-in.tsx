import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError, request } from './api.js';
import type { DevUser } from './contract.js';
import { type Session, startSession } from './session.js';

type Picker =
  | { kind: 'loading' }
  | { kind: 'users'; users: DevUser[] }
  | { kind: 'lms' }
  | { kind: 'error'; message: string };

/**
 * Sign-in. With dev sign-in on (the embedded default) the server lists its users and any of them
 * may be picked; otherwise the page is opened from the LMS, which passes the token.
 */
export function SignIn(props: { notice: string | null; onSignedIn(session: Session): void }) {
  const [picker, setPicker] = useState<Picker>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Sign in · Room cloning';
    request<{ items: DevUser[] }>('GET', '/auth/dev/users')
      .then((answer) => setPicker({ kind: 'users', users: answer.items }))
      .catch((error) =>
        setPicker(
          error instanceof ApiError && error.status === 404
            ? { kind: 'lms' }
            : { kind: 'error', message: describeError(error) },
        ),
      );
  }, []);

  async function signInAs(user: DevUser) {
    setBusy(user.id);
    setFailure(null);
    try {
      const answer = await request<{ token: string; user: DevUser }>('POST', '/auth/dev/sign-in', {
        body: { userId: user.id },
      });
      const session = startSession(answer.token, answer.user.name);
      if (session) props.onSignedIn(session);
      else setFailure('The server sent a token this page cannot read.');
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" class="page-title">
        Sign in
      </h1>
      {props.notice && (
        <p class="alert warning" role="status">
          {props.notice}
        </p>
      )}
      {picker.kind === 'loading' && <p role="status">Loading…</p>}
      {picker.kind === 'lms' && (
        <p>Open this page from your course in the learning management system: it signs you in.</p>
      )}
      {picker.kind === 'error' && (
        <p class="alert error" role="alert">
          {picker.message}
        </p>
      )}
      {picker.kind === 'users' && (
        <>
          <p>
            This is a demonstration server: choose whom to sign in as. In production the learning
            management system signs you in.
          </p>
          <ul class="user-list">
            {picker.users.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  class="user-button"
                  disabled={busy !== null}
                  onClick={() => void signInAs(user)}
                >
                  <span class="user-name">{user.name}</span>
                  <span class="muted">
                    {user.role ? `${user.role} · ` : ''}
                    {user.id}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {failure && (
        <p class="alert error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
