import { z } from 'zod';
import { CLONE_COMPONENTS } from '../shared/clone-contract.js';
import {
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

export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

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
export const cloneParamsSchema = z.object({ cloneId: id });
