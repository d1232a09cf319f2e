import { z } from 'zod';

/** Limits of the public contract; lengths count Unicode code points, not UTF-16 units. */
export const ROOM_LIMITS = {
  nameMax: 200,
  descriptionMax: 5000,
  tagsMax: 50,
  tagMax: 100,
} as const;

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True for text the store cannot keep as sent: NUL cannot be stored in PostgreSQL text, and an
 * unpaired UTF-16 surrogate is no character at all; both would fail, or be silently altered.
 */
export function hasUnstorableText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** A string whose length in code points lies within [min, max]. */
export function boundedText(label: string, min: number, max: number) {
  return z
    .string()
    .refine((text) => !hasUnstorableText(text), {
      message: `${label} contains a NUL or an unpaired surrogate character`,
    })
    .refine((text) => codePointLength(text) >= min, {
      message: min === 1 ? `${label} must not be empty` : `${label} needs ${min}+ characters`,
    })
    .refine((text) => codePointLength(text) <= max, {
      message: `${label} must be at most ${max} characters`,
    })
    .meta({ description: `${label}: ${min} to ${max} Unicode code points` });
}

export const roomNameSchema = boundedText('name', 1, ROOM_LIMITS.nameMax).refine(
  (name) => name.trim().length > 0,
  { message: 'name must not be blank' },
);
export const roomDescriptionSchema = boundedText('description', 0, ROOM_LIMITS.descriptionMax);
export const roomTagsSchema = z
  .array(
    boundedText('tag', 1, ROOM_LIMITS.tagMax).refine((tag) => tag.trim().length > 0, {
      message: 'tag must not be blank',
    }),
  )
  .max(ROOM_LIMITS.tagsMax, { message: `at most ${ROOM_LIMITS.tagsMax} tags` });

/** The editable metadata of a clone's new room; every field optional, nothing else allowed. */
export const cloneMetadataPatchSchema = z.strictObject({
  name: roomNameSchema.optional(),
  description: roomDescriptionSchema.optional(),
  tags: roomTagsSchema.optional(),
});
export type CloneMetadataPatch = z.infer<typeof cloneMetadataPatchSchema>;

export interface CloneMetadata {
  name: string;
  description: string;
  tags: string[];
}

const CLONE_NAME_PREFIX = 'Cloned - ';

/** `Cloned - <original name>`, cut on a code point boundary so it stays within the name limit. */
export function defaultCloneName(sourceName: string): string {
  const full = `${CLONE_NAME_PREFIX}${sourceName}`;
  if (codePointLength(full) <= ROOM_LIMITS.nameMax) return full;
  return Array.from(full).slice(0, ROOM_LIMITS.nameMax).join('');
}

/** The metadata a clone starts with: the request's fields over the source room's own. */
export function initialCloneMetadata(
  source: { name: string; description: string; tags: string[] },
  requested: CloneMetadataPatch,
): CloneMetadata {
  return {
    name: requested.name ?? defaultCloneName(source.name),
    description: requested.description ?? source.description,
    tags: requested.tags ?? [...source.tags],
  };
}
