import { z } from 'zod';
import {
  INTERACTION_STATUSES,
  type InteractionType,
  newInteractionContentSchemas,
} from '../rooms/interaction-content.js';
import { CLONE_COMPONENTS } from '../shared/clone-contract.js';
import {
  boundedText,
  cloneMetadataPatchSchema,
  roomDescriptionSchema,
  roomNameSchema,
  roomTagsSchema,
} from '../shared/metadata.js';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

const PROBLEM_MEANINGS = {
  400: 'The request is invalid; `errors` names each failing field',
  401: 'No bearer token, or one that is expired or not valid',
  403: 'Visible to the caller, but not theirs to do',
  404: 'Does not exist, or is not visible to the caller',
  409: 'Conflicts with the state the resource is in',
  413: 'The upload is larger than the configured limit',
  415: 'The body is not of a media type this route takes',
  416: 'The requested range lies outside the content',
} as const;

type ProblemStatus = keyof typeof PROBLEM_MEANINGS;

/** Response entries for the refusals a route can answer, each an RFC 9457 problem. */
export function problems<Status extends ProblemStatus>(...statuses: Status[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_MEANINGS[status],
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  ) as unknown as Record<
    Status,
    {
      description: string;
      content: { 'application/problem+json': { schema: typeof problemSchema } };
    }
  >;
}

/** The refusals of the clone routes, as they stood before routes named their own. */
export const problemResponses = problems(400, 401, 403, 404, 409);

/** A response with no body (204, 304); the OpenAPI transform documents it without content. */
export const noContent = (description: string) => z.null().meta({ description });

const id = z.string().min(1).max(200);
const isoTime = z.string().meta({ format: 'date-time' });

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const roomSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    ownerId: z.string(),
    coEditorIds: z.array(z.string()),
    cncEnabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    parentRoomId: z.string().nullable(),
    status: z.enum(['ready', 'cloning', 'failed']),
    lmsCourseId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Room' });

export const courseSchema = z.object({ id, name: z.string() }).meta({ id: 'Course' });

export const assetSchema = z
  .object({
    id,
    roomId: z.string(),
    title: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: isoTime,
  })
  .meta({ id: 'Asset' });

export const storyboardItemSchema = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('asset'), assetId: z.string() }),
  z.object({ id, type: z.literal('slide'), title: z.string(), notes: z.string() }),
]);

export const storyboardSchema = z
  .object({ roomId: z.string(), items: z.array(storyboardItemSchema) })
  .meta({ id: 'Storyboard' });

export const interactionSchema = z
  .object({
    id,
    roomId: z.string(),
    type: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'scheduled', 'published', 'closed']),
    content: z.unknown(),
    scheduledFor: isoTime.nullable(),
    responseCount: z.number().int(),
    createdAt: isoTime,
  })
  .meta({ id: 'Interaction' });

export const notificationSchema = z
  .object({
    id,
    userId: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    roomId: z.string().nullable(),
    cloneId: z.string().nullable(),
    createdAt: isoTime,
    readAt: isoTime.nullable(),
  })
  .meta({ id: 'Notification' });

const componentProgressSchema = z.object({
  state: z.enum(['pending', 'running', 'done', 'skipped', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
});

export const cloneSchema = z
  .object({
    id,
    sourceRoomId: z.string(),
    targetRoomId: z.string().nullable(),
    initiatorId: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']),
    phase: z.string(),
    percent: z.number().int().min(0).max(100),
    components: z.object(
      Object.fromEntries(CLONE_COMPONENTS.map((name) => [name, componentProgressSchema])) as Record<
        (typeof CLONE_COMPONENTS)[number],
        typeof componentProgressSchema
      >,
    ),
    metadata: z.object({ name: z.string(), description: z.string(), tags: z.array(z.string()) }),
    metadataRevision: z.number().int(),
    appliedMetadataRevision: z.number().int(),
    issues: z.array(
      z.object({ component: z.enum(CLONE_COMPONENTS), sourceId: z.string(), reason: z.string() }),
    ),
    attention: z.array(
      z.object({
        component: z.string(),
        error: z.string(),
        attempts: z.number().int(),
        since: isoTime,
      }),
    ),
    error: z.string().nullable(),
    createdAt: isoTime,
    completedAt: isoTime.nullable(),
  })
  .meta({ id: 'Clone' });

export const startCloneBodySchema = z
  .strictObject({
    name: roomNameSchema.optional(),
    description: roomDescriptionSchema.optional(),
    tags: roomTagsSchema.optional(),
    components: z
      .strictObject({
        assets: z.boolean().default(true),
        storyboard: z.boolean().default(true),
        interactions: z.boolean().default(true),
      })
      .optional(),
  })
  .refine((body) => !(body.components?.storyboard !== false && body.components?.assets === false), {
    message: 'a storyboard cannot be copied without its assets: copy the assets too',
    path: ['components', 'storyboard'],
  })
  .meta({ id: 'StartClone' });

export const cloneMetadataBodySchema = cloneMetadataPatchSchema
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'name at least one of name, description and tags',
  })
  .meta({ id: 'CloneMetadataEdit' });

export const roomParamsSchema = z.object({ roomId: id });
export const assetParamsSchema = z.object({ assetId: id });
export const roomAssetParamsSchema = z.object({ roomId: id, assetId: id });
export const roomInteractionParamsSchema = z.object({ roomId: id, interactionId: id });

const settingsSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Free-form room configuration, replaced as a whole' });

export const roomCreateBodySchema = z
  .strictObject({
    name: roomNameSchema,
    description: roomDescriptionSchema.optional(),
    tags: roomTagsSchema.optional(),
    settings: settingsSchema.optional(),
    cncEnabled: z.boolean().optional(),
    lmsCourseId: id
      .optional()
      .meta({ description: 'A course the caller is a member of; the room is listed in it' }),
  })
  .meta({ id: 'RoomCreate' });

export const roomPatchBodySchema = z
  .strictObject({
    name: roomNameSchema.optional(),
    description: roomDescriptionSchema.optional(),
    tags: roomTagsSchema.optional(),
    settings: settingsSchema.optional(),
    cncEnabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'name at least one of name, description, tags, settings and cncEnabled',
  })
  .meta({ id: 'RoomPatch' });

export const MAX_CO_EDITORS = 100;

export const coEditorsBodySchema = z
  .strictObject({
    userIds: z
      .array(id)
      .max(MAX_CO_EDITORS, { message: `at most ${MAX_CO_EDITORS} co-editors` })
      .meta({ description: 'The complete set of co-editors; the owner cannot be one' }),
  })
  .meta({ id: 'CoEditors' });

export const assetTitleSchema = boundedText('title', 1, 200);

/** The multipart form of an upload, for the OpenAPI document; the route reads it as a stream. */
export const assetUploadFormSchema = z
  .object({
    title: assetTitleSchema,
    file: z.string().meta({
      format: 'binary',
      description: "The media file, one part; its Content-Type becomes the asset's content type",
    }),
  })
  .meta({ description: 'A title field and one file part, in either order' });

export const MAX_STORYBOARD_ITEMS = 1000;

export const storyboardBodySchema = z
  .strictObject({
    items: z
      .array(
        z.discriminatedUnion('type', [
          z.strictObject({ type: z.literal('asset'), assetId: id }),
          z.strictObject({
            type: z.literal('slide'),
            title: boundedText('title', 1, 200),
            notes: boundedText('notes', 0, 5000).optional(),
          }),
        ]),
      )
      .max(MAX_STORYBOARD_ITEMS, { message: `at most ${MAX_STORYBOARD_ITEMS} items` })
      .meta({ description: 'In order; every asset item names a live asset of this room' }),
  })
  .meta({ id: 'StoryboardReplace' });

function interactionVariant<Type extends InteractionType>(type: Type) {
  return z.strictObject({
    type: z.literal(type),
    title: boundedText('title', 1, 200),
    status: z.enum(INTERACTION_STATUSES).default('draft'),
    content: newInteractionContentSchemas[type],
    scheduledFor: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When a scheduled interaction goes out; only with scheduled' }),
  });
}

export const interactionCreateBodySchema = z
  .discriminatedUnion('type', [
    interactionVariant('notification'),
    interactionVariant('announcement'),
    interactionVariant('poll'),
    interactionVariant('quiz'),
  ])
  .superRefine((body, context) => {
    if (body.status === 'scheduled' && !body.scheduledFor) {
      context.addIssue({
        code: 'custom',
        path: ['scheduledFor'],
        message: 'a scheduled interaction needs scheduledFor',
      });
    }
    if (body.status !== 'scheduled' && body.scheduledFor) {
      context.addIssue({
        code: 'custom',
        path: ['scheduledFor'],
        message: 'scheduledFor is only for a scheduled interaction',
      });
    }
  })
  .meta({ id: 'InteractionCreate' });

export const cloneParamsSchema = z.object({ cloneId: id });
