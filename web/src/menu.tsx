import { useEffect, useId, useRef, useState } from 'preact/hooks';

export interface MenuItem {
  label: string;
  /** Shown under the label; for a disabled item, the reason it is disabled. */
  note?: string;
  disabled?: boolean;
  onSelect?: () => void;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown open it on the first item,
 * ArrowUp on the last; arrows, Home and End move; Escape closes it and returns to the button.
 * Disabled items stay focusable so their reason can be read.
 */
export function MenuButton(props: { label: string; items: MenuItem[]; buttonText?: string }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const id = useId();

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const closeOnOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutside);
    return () => document.removeEventListener('pointerdown', closeOnOutside);
  }, [open]);

  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    close(true);
    item.onSelect?.();
  };

  const last = props.items.length - 1;
  const onMenuKey = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActive(move);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const item = props.items[active];
      if (item) choose(item);
    }
  };

  return (
    <div class="menu">
      <button
        ref={button}
        type="button"
        class="menu-button"
        id={`${id}-button`}
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            openAt(0);
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            openAt(last);
          }
        }}
      >
        {props.buttonText ?? 'Actions'}
        <span aria-hidden="true" class="menu-caret">
          ▾
        </span>
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          id={`${id}-menu`}
          aria-labelledby={`${id}-button`}
          class="menu-list"
        >
          {props.items.map((item, index) => (
            <div
              key={item.label}
              ref={(element) => {
                itemRefs.current[index] = element;
              }}
              role="menuitem"
              tabIndex={index === active ? 0 : -1}
              aria-disabled={item.disabled ? 'true' : undefined}
              class={item.disabled ? 'menu-item is-disabled' : 'menu-item'}
              onClick={() => choose(item)}
              onKeyDown={onMenuKey}
              onMouseEnter={() => setActive(index)}
            >
              <span class="menu-item-label">{item.label}</span>
              {item.note && <span class="menu-item-note">{item.note}</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
