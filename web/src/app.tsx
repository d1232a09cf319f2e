import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { onSignedOut } from './api.js';
import { CloneCard } from './clone-card.js';
import { CloneDialog } from './clone-dialog.js';
import { CloneTracker } from './clone-tracker.js';
import type { Room } from './contract.js';
import { NotificationFeed } from './notifications.js';
import { NotificationBell, Toasts } from './notifications-ui.js';
import { RoomPage } from './room-page.js';
import { RoomsPage } from './rooms-page.js';
import { Link, roomIdOf, usePath } from './router.js';
import { clearSession, restoreSession, type Session } from './session.js';
import { SignIn } from './sign-in.js';

/** Re-renders the caller whenever `source` says it changed. */
function useSource<T>(source: { subscribe(listener: () => void): () => void }, read: () => T): T {
  const [, setVersion] = useState(0);
  useEffect(() => source.subscribe(() => setVersion((version) => version + 1)), [source]);
  return read();
}

export function App() {
  const [session, setSession] = useState<Session | null>(restoreSession);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    onSignedOut(() => {
      clearSession();
      setSession(null);
      setNotice('Your session has ended. Please sign in again.');
    });
  }, []);

  const signOut = () => {
    clearSession();
    setNotice(null);
    setSession(null);
  };

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to the main content
      </a>
      {session ? (
        <SignedIn key={session.token} session={session} onSignOut={signOut} />
      ) : (
        <>
          <Header />
          <main id="main" class="page">
            <SignIn
              notice={notice}
              onSignedIn={(next) => {
                setNotice(null);
                setSession(next);
              }}
            />
          </main>
        </>
      )}
    </>
  );
}

function Header(props: { children?: ComponentChildren }) {
  return (
    <header class="top-bar">
      <p class="brand">
        <Link href="/">Room cloning</Link>
      </p>
      {props.children && <div class="top-bar-tools">{props.children}</div>}
    </header>
  );
}

function SignedIn(props: { session: Session; onSignOut(): void }) {
  const { token, userId } = props.session;
  const path = usePath();
  const [refreshKey, setRefreshKey] = useState(0);
  const feed = useMemo(() => new NotificationFeed(token, userId), [token, userId]);
  const tracker = useMemo(
    () =>
      new CloneTracker(token, () => {
        setRefreshKey((key) => key + 1);
        void feed.refresh();
      }),
    [token, feed],
  );
  const notifications = useSource(feed, () => feed.get());
  const clones = useSource(tracker, () => tracker.list());
  const [cloning, setCloning] = useState<Room | null>(null);
  const [focusClone, setFocusClone] = useState<string | null>(null);

  useEffect(() => {
    feed.start();
    tracker.resumeRunning().catch(() => undefined);
    return () => {
      feed.stop();
      tracker.stopAll();
    };
  }, [feed, tracker]);

  useEffect(() => {
    if (!focusClone) return;
    document.getElementById(`clone-${focusClone}-title`)?.focus();
    setFocusClone(null);
  }, [focusClone]);

  const roomId = roomIdOf(path);
  const panel = clones.length > 0 && (
    <section aria-labelledby="clones-title" class="room-section">
      <h2 id="clones-title">Your clones</h2>
      <div class="clone-list">
        {clones.map((entry) => (
          <CloneCard key={entry.clone.id} entry={entry} tracker={tracker} />
        ))}
      </div>
    </section>
  );

  return (
    <>
      <Header>
        <NotificationBell feed={feed} state={notifications} />
        <span class="who">
          Signed in as <strong>{props.session.name ?? userId}</strong>
        </span>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </Header>
      <main id="main" class="page">
        {path === '/' ? (
          <RoomsPage
            token={token}
            userId={userId}
            refreshKey={refreshKey}
            onClone={setCloning}
            clones={panel}
          />
        ) : roomId ? (
          <RoomPage
            roomId={roomId}
            token={token}
            userId={userId}
            refreshKey={refreshKey}
            onClone={setCloning}
            clones={panel}
          />
        ) : (
          <>
            <h1 class="page-title">This page does not exist</h1>
            {panel}
            <Link href="/">Go to your rooms</Link>
          </>
        )}
      </main>
      <Toasts feed={feed} toasts={notifications.toasts} />
      {cloning && (
        <CloneDialog
          room={cloning}
          token={token}
          onStarted={(clone) => tracker.track(clone, cloning.name)}
          onFollow={(clone) => {
            setCloning(null);
            setFocusClone(clone.id);
          }}
          onClose={() => setCloning(null)}
        />
      )}
    </>
  );
}
