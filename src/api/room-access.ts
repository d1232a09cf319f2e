import { canEditRoom, type Room, type RoomRole } from '../rooms/model.js';
import type { RoomStore } from '../rooms/room-store.js';
import { conflict, forbidden, notFound } from './problem.js';

/** The caller's standing in a room; a room they may not see is answered as absent (404). */
export async function requireRoomRole(
  store: RoomStore,
  roomId: string,
  userId: string,
): Promise<RoomRole> {
  const role = await store.roomRole(roomId, userId);
  if (!role) throw notFound(`room ${roomId}`);
  return role;
}

/**
 * A room the caller may change (owner or co-editor), in a state that takes changes: a room a
 * clone is still building, or one whose clone failed, takes none (409).
 */
export async function requireEditableRoom(
  store: RoomStore,
  roomId: string,
  userId: string,
  action: string,
): Promise<Room> {
  const role = await requireRoomRole(store, roomId, userId);
  if (!canEditRoom(role)) throw forbidden(`only the owner or a co-editor of a room may ${action}`);
  const room = await store.requireRoom(roomId);
  if (room.status !== 'ready') {
    throw conflict('room-not-ready', `the room is ${room.status}; it takes no changes`);
  }
  return room;
}

/** A room the caller owns; co-editors and members are refused with 403. */
export async function requireOwnedRoom(
  store: RoomStore,
  roomId: string,
  userId: string,
  action: string,
): Promise<RoomRole> {
  const role = await requireRoomRole(store, roomId, userId);
  if (role !== 'owner') throw forbidden(`only the owner of a room may ${action}`);
  return role;
}
