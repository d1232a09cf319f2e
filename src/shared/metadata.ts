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

/** A string whose length in code points lies within [min, max]. */
export function boundedText(label: string, min: number, max: number) {
  return z
    .string()
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
  .array(boundedText('tag', 1, ROOM_LIMITS.tagMax))
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
