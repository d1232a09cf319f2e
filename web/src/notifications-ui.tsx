import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppNotification } from './contract.js';
import type { NotificationFeed, NotificationState } from './notifications.js';
import { Link } from './router.js';

function linkWords(notification: AppNotification): string {
  return notification.roomId ? 'Open the new room' : 'Open';
}

/** The bell in the header: a badge with the count of unseen notifications and their list. */
export function NotificationBell(props: { feed: NotificationFeed; state: NotificationState }) {
  const { feed, state } = props;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    feed.markAllSeen();
    panel.current?.focus();
    const closeOnOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutside);
    return () => document.removeEventListener('pointerdown', closeOnOutside);
  }, [open, feed]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div class="bell">
      <button
        ref={button}
        type="button"
        class="bell-button"
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Notifications
        {state.unseen > 0 && (
          <span class="count-badge" data-testid="notification-badge">
            <span class="visually-hidden">, </span>
            {state.unseen}
            <span class="visually-hidden"> new</span>
          </span>
        )}
      </button>
      {open && (
        <section
          ref={panel}
          id="notification-panel"
          class="bell-panel"
          aria-label="Notifications"
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          {state.items.length === 0 ? (
            <p class="muted">No notifications yet.</p>
          ) : (
            <ul class="notification-list">
              {state.items.map((item) => (
                <li key={item.id} class={`notification type-${item.type}`}>
                  <p class="notification-title">{item.title}</p>
                  <p>{item.body}</p>
                  <p class="muted">
                    <time dateTime={item.createdAt}>
                      {new Date(item.createdAt).toLocaleString()}
                    </time>
                  </p>
                  {item.link && (
                    <Link href={item.link} onClick={() => setOpen(false)}>
                      {linkWords(item)}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

/** Notifications that arrived while the page was open, until dismissed. */
export function Toasts(props: { feed: NotificationFeed; toasts: AppNotification[] }) {
  return (
    <section class="toasts" aria-live="polite" aria-label="New notifications">
      {props.toasts.slice(0, 3).map((toast) => (
        <div key={toast.id} class={`toast type-${toast.type}`} data-testid="toast">
          <p class="notification-title">{toast.title}</p>
          <p>{toast.body}</p>
          <div class="card-actions">
            {toast.link && (
              <Link
                class="button primary"
                href={toast.link}
                onClick={() => props.feed.dismissToast(toast.id)}
              >
                {linkWords(toast)}
              </Link>
            )}
            <button type="button" onClick={() => props.feed.dismissToast(toast.id)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
