import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, request, requestAll } from './api.js';
import type { Asset, Interaction, Room, Storyboard } from './contract.js';
import { RoomActions } from './room-actions.js';
import { Link } from './router.js';
import {
  formatBytes,
  INTERACTION_STATUS_LABELS,
  INTERACTION_TYPE_LABELS,
  standingOf,
} from './words.js';

interface RoomContents {
  room: Room;
  parent: Room | null;
  assets: Asset[];
  storyboard: Storyboard;
  interactions: Interaction[];
}

const PREVIEWABLE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
]);
const PREVIEW_MAX_BYTES = 5 * 1024 * 1024;

/** One room as it stands: its details, storyboard, media files and interactions. */
export function RoomPage(props: {
  roomId: string;
  token: string;
  userId: string;
  refreshKey: number;
  onClone(room: Room): void;
  clones: ComponentChildren;
}) {
  const { roomId, token } = props;
  const [contents, setContents] = useState<RoomContents | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    const path = `/api/rooms/${encodeURIComponent(roomId)}`;
    (async () => {
      const [room, assets, storyboard, interactions] = await Promise.all([
        request<Room>('GET', path, { token }),
        requestAll<Asset>(`${path}/assets`, { token }),
        request<Storyboard>('GET', `${path}/storyboard`, { token }),
        requestAll<Interaction>(`${path}/interactions`, { token }),
      ]);
      const parent = room.parentRoomId
        ? await request<Room>('GET', `/api/rooms/${encodeURIComponent(room.parentRoomId)}`, {
            token,
          }).catch(() => null)
        : null;
      // By title: the API lists newest first, and a clone makes its copies together.
      const byTitle = (a: { title: string }, b: { title: string }) =>
        a.title.localeCompare(b.title);
      if (current) {
        setContents({
          room,
          parent,
          assets: [...assets].sort(byTitle),
          storyboard,
          interactions: [...interactions].sort(byTitle),
        });
      }
    })().catch((failure) => {
      if (!current) return;
      setError(
        failure instanceof ApiError && failure.status === 404
          ? 'This room does not exist, or you are not a member of its course.'
          : describeError(failure),
      );
    });
    return () => {
      current = false;
    };
  }, [roomId, token, props.refreshKey]);

  useEffect(() => {
    if (!contents) return;
    document.title = `${contents.room.name} · Room cloning`;
    heading.current?.focus();
  }, [contents?.room.id]);

  if (error) {
    return (
      <>
        <h1 class="page-title">Room not available</h1>
        {props.clones}
        <div class="alert error" role="alert">
          <p>{error}</p>
          <Link href="/">Back to your rooms</Link>
        </div>
      </>
    );
  }
  if (!contents) {
    return (
      <>
        {props.clones}
        <p role="status">Loading the room…</p>
      </>
    );
  }

  const { room, parent, assets, storyboard, interactions } = contents;
  const assetsById = new Map(assets.map((asset) => [asset.id, asset]));
  const standing = standingOf(room, props.userId);

  return (
    <article class="room-page" aria-labelledby="room-title">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href="/">Your rooms</Link> <span aria-hidden="true">›</span> {room.name}
      </nav>
      <header class="room-header">
        <div>
          <h1 id="room-title" class="page-title" ref={heading} tabIndex={-1}>
            {room.name}
          </h1>
          {room.parentRoomId && (
            <p class="muted">
              Cloned from{' '}
              {parent ? (
                <Link href={`/rooms/${parent.id}`}>“{parent.name}”</Link>
              ) : (
                'a room you can no longer see'
              )}
            </p>
          )}
        </div>
        <RoomActions room={room} userId={props.userId} onClone={props.onClone} showOpen={false} />
      </header>
      {props.clones}

      <section aria-labelledby="about-title" class="card">
        <h2 id="about-title">About this room</h2>
        <dl class="facts">
          <dt>Description</dt>
          <dd data-testid="room-description">{room.description || 'No description.'}</dd>
          <dt>Tags</dt>
          <dd>
            {room.tags.length > 0 ? (
              <ul class="tags" aria-label="Tags">
                {room.tags.map((tag) => (
                  <li key={tag} class="tag">
                    {tag}
                  </li>
                ))}
              </ul>
            ) : (
              'No tags.'
            )}
          </dd>
          <dt>Your role</dt>
          <dd>
            {standing === 'owner'
              ? 'Owner'
              : standing === 'co-editor'
                ? 'Co-editor'
                : 'Member of the course'}
          </dd>
          <dt>Chat and collaboration</dt>
          <dd>{room.cncEnabled ? 'On' : 'Off'}</dd>
        </dl>
      </section>

      <section aria-labelledby="storyboard-title" class="card">
        <h2 id="storyboard-title">Storyboard ({storyboard.items.length})</h2>
        {storyboard.items.length === 0 ? (
          <p class="muted">The storyboard is empty.</p>
        ) : (
          <ol class="storyboard" data-testid="storyboard">
            {storyboard.items.map((item) => {
              if (item.type === 'slide') {
                return (
                  <li key={item.id} class="storyboard-item">
                    <span class="kind">Slide</span>
                    <span class="item-title">{item.title}</span>
                    {item.notes && <span class="muted">{item.notes}</span>}
                  </li>
                );
              }
              const asset = assetsById.get(item.assetId);
              return (
                <li key={item.id} class="storyboard-item">
                  <span class="kind">Media</span>
                  <span class="item-title">{asset?.title ?? 'A media file that was removed'}</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="assets-title" class="card">
        <h2 id="assets-title">Media files ({assets.length})</h2>
        {assets.length === 0 ? (
          <p class="muted">No media files.</p>
        ) : (
          <ul class="assets">
            {assets.map((asset) => (
              <li key={asset.id} class="asset">
                {PREVIEWABLE.has(asset.contentType) && asset.size <= PREVIEW_MAX_BYTES ? (
                  <AssetPreview asset={asset} token={token} />
                ) : (
                  <span class="asset-icon" aria-hidden="true">
                    {asset.contentType.split('/')[0]}
                  </span>
                )}
                <span class="item-title">{asset.title}</span>
                <span class="muted">
                  {asset.contentType}, {formatBytes(asset.size)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="interactions-title" class="card">
        <h2 id="interactions-title">Chat and collaboration items ({interactions.length})</h2>
        {interactions.length === 0 ? (
          <p class="muted">No polls, quizzes, announcements or notifications.</p>
        ) : (
          <ul class="interactions">
            {interactions.map((interaction) => (
              <li key={interaction.id} class="interaction">
                <span class="kind">
                  {INTERACTION_TYPE_LABELS[interaction.type] ?? interaction.type}
                </span>
                <span class="item-title">{interaction.title}</span>
                <span class="badge">
                  {INTERACTION_STATUS_LABELS[interaction.status] ?? interaction.status}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** An image asset; its bytes need the bearer token, so it is fetched and shown from memory. */
function AssetPreview(props: { asset: Asset; token: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let current = true;
    fetch(`/api/assets/${encodeURIComponent(props.asset.id)}/content`, {
      headers: { authorization: `Bearer ${props.token}` },
    })
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!blob || !current) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.asset.id, props.token]);
  return url ? (
    <img class="asset-preview" src={url} alt={`Preview of ${props.asset.title}`} />
  ) : (
    <span class="asset-preview placeholder" aria-hidden="true" />
  );
}
