import type { Room } from './contract.js';
import { MenuButton, type MenuItem } from './menu.js';
import { navigate } from './router.js';
import { cloneRefusals } from './words.js';

/** The menu of a room: open it, and clone it where the user may, or the reason they may not. */
export function RoomActions(props: {
  room: Room;
  userId: string;
  onClone(room: Room): void;
  showOpen?: boolean;
}) {
  const { room } = props;
  const refusals = cloneRefusals(room, props.userId);
  const items: MenuItem[] = [];
  if (props.showOpen ?? true) {
    items.push({ label: 'Open room', onSelect: () => navigate(`/rooms/${room.id}`) });
  }
  items.push(
    refusals.length === 0
      ? { label: 'Clone room', onSelect: () => props.onClone(room) }
      : { label: 'Clone room', disabled: true, note: `Not available. ${refusals.join(' ')}` },
  );
  return <MenuButton label={`Actions for ${room.name}`} buttonText="Actions" items={items} />;
}
