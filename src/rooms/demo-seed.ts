import { Readable } from 'node:stream';
import type { BlobStore, StoredBlob } from './blob-store.js';
import type { RoomStore } from './room-store.js';

export const DEMO_COURSE = { id: 'demo-course-studio', name: 'DEMO 100 - Studio Practice' };

export const DEMO_USERS = [
  { id: 'u-demo-rivera', name: 'Sam Rivera', email: 'sam.rivera@demo.test', role: 'instructor' },
  { id: 'u-demo-okafor', name: 'Ada Okafor', email: 'ada.okafor@demo.test', role: 'assistant' },
  { id: 'u-demo-lind', name: 'Jo Lind', email: 'jo.lind@demo.test', role: 'student' },
];

function slideSvg(title: string, hue: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
  <rect width="1280" height="720" fill="hsl(${hue}, 45%, 92%)"/>
  <text x="80" y="380" font-family="sans-serif" font-size="64" fill="#222">${title}</text>
</svg>
`;
  return Buffer.from(svg, 'utf8');
}

/** A short mono 16-bit PCM tone, generated so the demo ships no media of anyone else's. */
function toneWav(frequency: number, seconds: number): Buffer {
  const sampleRate = 8000;
  const samples = Math.floor(sampleRate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index++) {
    const value = Math.sin((2 * Math.PI * frequency * index) / sampleRate) * 0.3;
    wav.writeInt16LE(Math.round(value * 32767), 44 + index * 2);
  }
  return wav;
}

interface DemoAsset {
  key: string;
  title: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Seeds a small course of the project's own on a first start with an empty store, so a new
 * user has rooms to clone: one ready to clone, one with chat and collaboration turned off.
 */
export async function seedDemoCourse(store: RoomStore, blobs: BlobStore): Promise<boolean> {
  if ((await store.countRooms()) > 0) return false;

  await store.ensureCourse(DEMO_COURSE);
  for (const user of DEMO_USERS) {
    await store.upsertUser(user);
    await store.addCourseMember(DEMO_COURSE.id, user.id, user.role);
  }

  const assets: DemoAsset[] = [
    {
      key: 'title',
      title: 'Title slide',
      contentType: 'image/svg+xml',
      bytes: slideSvg('Colour theory', 30),
    },
    {
      key: 'wheel',
      title: 'Colour wheel',
      contentType: 'image/svg+xml',
      bytes: slideSvg('The colour wheel', 200),
    },
    { key: 'tone', title: 'Warm-up tone', contentType: 'audio/wav', bytes: toneWav(440, 1.5) },
    {
      key: 'handout',
      title: 'Session handout',
      contentType: 'text/plain; charset=utf-8',
      bytes: Buffer.from('Studio session 1\n\nBring a sketchbook and three primary colours.\n'),
    },
  ];

  const studio = await store.createRoom({
    name: 'Studio 1 - Colour theory',
    description: 'Live studio session on hue, value and saturation.',
    tags: ['demo', 'studio', 'week-1'],
    ownerId: 'u-demo-rivera',
    coEditorIds: ['u-demo-okafor'],
    cncEnabled: true,
    settings: {
      layout: 'gallery',
      chat: { enabled: true, moderated: false },
      recording: { autoRecord: false },
    },
    lmsCourseId: DEMO_COURSE.id,
  });

  const assetIds = new Map<string, string>();
  for (const asset of assets) {
    const stored = await blobs.put(Readable.from([asset.bytes]));
    const created = await store.addAsset(studio.id, {
      title: asset.title,
      contentType: asset.contentType,
      sha256: stored.sha256,
      size: stored.size,
    });
    assetIds.set(asset.key, created.id);
  }

  await store.replaceStoryboard(studio.id, [
    { type: 'asset', assetId: assetIds.get('title') ?? '' },
    { type: 'slide', title: 'Warm-up', notes: 'Play the tone, then mix a neutral grey.' },
    { type: 'asset', assetId: assetIds.get('tone') ?? '' },
    { type: 'asset', assetId: assetIds.get('wheel') ?? '' },
    { type: 'asset', assetId: assetIds.get('handout') ?? '' },
  ]);

  await store.createInteraction(studio.id, {
    type: 'announcement',
    title: 'Materials for today',
    status: 'published',
    content: { body: 'Sketchbook and three primary colours.' },
  });
  const poll = await store.createInteraction(studio.id, {
    type: 'poll',
    title: 'Warm or cool?',
    status: 'closed',
    content: {
      question: 'Is green warm or cool?',
      options: ['Warm', 'Cool', 'Depends'],
      allowMultiple: false,
    },
  });
  await store.addResponses(poll.id, [{ userId: 'u-demo-lind', payload: { option: 2 } }]);
  await store.createInteraction(studio.id, {
    type: 'quiz',
    title: 'Exit check',
    status: 'scheduled',
    scheduledFor: '2030-01-01T10:00:00Z',
    content: {
      questions: [
        {
          text: 'Which colours are primary?',
          choices: ['Red, yellow, blue', 'Green, orange'],
          answer: 0,
        },
      ],
      timeLimitSeconds: 120,
    },
  });

  await store.createRoom({
    name: 'Studio drop-in hours',
    description: 'Open studio; chat and collaboration is off here.',
    tags: ['demo', 'drop-in'],
    ownerId: 'u-demo-rivera',
    cncEnabled: false,
    settings: { layout: 'speaker' },
    lmsCourseId: DEMO_COURSE.id,
  });
  await seedPortfolioRoom(store, blobs);
  return true;
}

/**
 * A room large enough that its clone takes a few seconds, so a new user can watch the progress
 * and edit the new room while the copy runs. Its rows are generated in bulk by SQL.
 */
async function seedPortfolioRoom(store: RoomStore, blobs: BlobStore): Promise<void> {
  const portfolio = await store.createRoom({
    name: 'Studio 2 - Portfolio review',
    description: 'Every student portfolio of the term, with critique polls and notes.',
    tags: ['demo', 'studio', 'portfolio'],
    ownerId: 'u-demo-rivera',
    coEditorIds: ['u-demo-okafor'],
    cncEnabled: true,
    settings: { layout: 'gallery', chat: { enabled: true, moderated: true } },
    lmsCourseId: DEMO_COURSE.id,
  });
  const plates: StoredBlob[] = [];
  for (const hue of [0, 60, 120, 180, 240, 300]) {
    plates.push(await blobs.put(Readable.from([slideSvg(`Portfolio plate ${hue}`, hue)])));
  }

  await store.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO blobs (sha256, size) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT DO NOTHING`,
      [plates.map((plate) => plate.sha256), plates.map((plate) => plate.size)],
    );
    await tx.query(
      `INSERT INTO assets (id, room_id, title, content_type, size, sha256)
       SELECT gen_random_uuid()::text, $1, 'Portfolio ' || n, 'image/svg+xml',
              ($3::bigint[])[1 + n % 6], ($2::text[])[1 + n % 6]
       FROM generate_series(1, 400) AS n`,
      [portfolio.id, plates.map((plate) => plate.sha256), plates.map((plate) => plate.size)],
    );
    await tx.query(
      `INSERT INTO storyboard_items (id, room_id, position, type, asset_id)
       SELECT gen_random_uuid()::text, $1, row_number() OVER (ORDER BY title) - 1, 'asset', id
       FROM assets WHERE room_id = $1`,
      [portfolio.id],
    );
    await tx.query(
      `INSERT INTO interactions (id, room_id, type, title, status, content)
       SELECT gen_random_uuid()::text, $1, 'poll', 'Critique ' || n, 'closed',
              jsonb_build_object('question', 'Strongest element of portfolio ' || n || '?',
                                 'options', jsonb_build_array('Colour', 'Line', 'Composition'),
                                 'allowMultiple', false)
       FROM generate_series(1, 2500) AS n`,
      [portfolio.id],
    );
  });
}
