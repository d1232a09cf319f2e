import { requestAll } from './api.js';
import type { AppNotification } from './contract.js';

const POLL_MS = 5000;

export interface NotificationState {
  items: AppNotification[];
  unseen: number;
  /** Notifications that arrived while the page was open, not yet dismissed: shown as toasts. */
  toasts: AppNotification[];
}

/**
 * The user's notifications, asked for every few seconds and at once when a clone ends. The API
 * has no "mark as read", so what the user has seen is remembered in this browser.
 */
export class NotificationFeed {
  private state: NotificationState = { items: [], unseen: 0, toasts: [] };
  private readonly listeners = new Set<() => void>();
  private known: Set<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly seenKey: string;

  constructor(
    private readonly token: string,
    userId: string,
  ) {
    this.seenKey = `room-clone.notifications-seen.${userId}`;
  }

  get(): NotificationState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    try {
      const items = await requestAll<AppNotification>(
        '/api/notifications',
        { token: this.token },
        1,
      );
      const fresh = this.known ? items.filter((item) => !this.known?.has(item.id)) : [];
      this.known = new Set(items.map((item) => item.id));
      this.set({
        items,
        unseen: this.countUnseen(items),
        toasts: [...fresh, ...this.state.toasts],
      });
    } catch {
      // Asked again on the next round; a missed round only delays the badge.
    } finally {
      if (!this.stopped) this.timer = setTimeout(() => void this.refresh(), POLL_MS);
    }
  }

  markAllSeen(): void {
    const newest = this.state.items[0]?.createdAt;
    if (newest) localStorage.setItem(this.seenKey, newest);
    this.set({ ...this.state, unseen: 0 });
  }

  dismissToast(id: string): void {
    this.set({ ...this.state, toasts: this.state.toasts.filter((toast) => toast.id !== id) });
  }

  private countUnseen(items: AppNotification[]): number {
    const seenUntil = localStorage.getItem(this.seenKey);
    return items.filter((item) => !item.readAt && (!seenUntil || item.createdAt > seenUntil))
      .length;
  }

  private set(state: NotificationState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
