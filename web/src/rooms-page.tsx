import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, requestAll } from './api.js';
import type { Course, Room } from './contract.js';
import { RoomActions } from './room-actions.js';
import { Link } from './router.js';
import { type RoomStanding, standingOf } from './words.js';

const STANDING_WORDS: Record<RoomStanding, string> = {
  owner: 'You own this room',
  'co-editor': 'You co-edit this room',
  member: 'In your course',
};

interface Listing {
  mine: Room[];
  courses: { course: Course; rooms: Room[] }[];
}

/** The rooms the user owns or co-edits, then each course listing they can see. */
export function RoomsPage(props: {
  token: string;
  userId: string;
  /** Bumped when a clone ends, so the lists show the new room. */
  refreshKey: number;
  onClone(room: Room): void;
  /** The user's clones, shown under the page title. */
  clones: ComponentChildren;
}) {
  const { token } = props;
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [mine, courses] = await Promise.all([
        requestAll<Room>('/api/rooms', { token }),
        requestAll<Course>('/api/courses', { token }),
      ]);
      const listings = await Promise.all(
        courses.map(async (course) => ({
          course,
          rooms: await requestAll<Room>(`/api/rooms?courseId=${encodeURIComponent(course.id)}`, {
            token,
          }),
        })),
      );
      setListing({ mine, courses: listings });
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [token]);

  useEffect(() => {
    void load();
  }, [load, props.refreshKey]);

  useEffect(() => {
    document.title = 'Your rooms · Room cloning';
  }, []);

  return (
    <>
      <h1 class="page-title">Rooms</h1>
      {props.clones}
      {error ? (
        <div class="alert error" role="alert">
          <p>The rooms could not be loaded. {error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : listing ? (
        <Listings listing={listing} userId={props.userId} onClone={props.onClone} />
      ) : (
        <p role="status">Loading your rooms…</p>
      )}
    </>
  );
}

function Listings(props: { listing: Listing; userId: string; onClone(room: Room): void }) {
  const { listing } = props;
  return (
    <>
      <section aria-labelledby="mine-title" class="room-section">
        <h2 id="mine-title">Your rooms</h2>
        <p class="muted">Rooms you own or co-edit.</p>
        <RoomList
          rooms={listing.mine}
          userId={props.userId}
          onClone={props.onClone}
          empty="You do not own or co-edit any room yet."
        />
      </section>
      {listing.courses.map(({ course, rooms }) => (
        <section key={course.id} aria-labelledby={`course-${course.id}`} class="room-section">
          <h2 id={`course-${course.id}`}>{course.name}</h2>
          <p class="muted">Every room listed in this course.</p>
          <RoomList
            rooms={rooms}
            userId={props.userId}
            onClone={props.onClone}
            empty="No rooms are listed in this course yet."
          />
        </section>
      ))}
    </>
  );
}

function RoomList(props: {
  rooms: Room[];
  userId: string;
  empty: string;
  onClone(room: Room): void;
}) {
  if (props.rooms.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <ul class="room-grid">
      {props.rooms.map((room) => (
        <li key={room.id}>
          <RoomCard room={room} userId={props.userId} onClone={props.onClone} />
        </li>
      ))}
    </ul>
  );
}

function RoomCard(props: { room: Room; userId: string; onClone(room: Room): void }) {
  const { room } = props;
  const headingId = `room-${room.id}-name`;
  return (
    <article class="card room-card" aria-labelledby={headingId} data-room-id={room.id}>
      <div class="room-card-top">
        <h3 id={headingId}>
          <Link href={`/rooms/${room.id}`}>{room.name}</Link>
        </h3>
        <RoomActions room={room} userId={props.userId} onClone={props.onClone} />
      </div>
      {room.description && <p class="room-description">{room.description}</p>}
      <ul class="badges" aria-label="About this room">
        <li class="badge">{STANDING_WORDS[standingOf(room, props.userId)]}</li>
        <li class={room.cncEnabled ? 'badge' : 'badge badge-off'}>
          {room.cncEnabled ? 'Chat and collaboration on' : 'Chat and collaboration off'}
        </li>
        {room.parentRoomId && <li class="badge">A clone</li>}
      </ul>
      {room.tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {room.tags.map((tag) => (
            <li key={tag} class="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
