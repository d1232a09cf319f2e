import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

/** Moves to a page of this app without reloading it. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current path; re-renders on navigate() and on the browser's back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** The room id of `/rooms/:roomId`, or null on any other path. */
export function roomIdOf(path: string): string | null {
  const match = /^\/rooms\/([^/]+)\/?$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

interface LinkProps {
  href: string;
  children: ComponentChildren;
  class?: string;
  onClick?: () => void;
}

/** A real link (it opens in a new tab too) that moves within the app on a plain click. */
export function Link({ href, children, onClick, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        onClick?.();
        const plain =
          event.button === 0 &&
          !event.metaKey &&
          !event.ctrlKey &&
          !event.shiftKey &&
          !event.altKey;
        if (!plain || event.defaultPrevented || !href.startsWith('/')) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
