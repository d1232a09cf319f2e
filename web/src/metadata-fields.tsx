import { cloneMetadataPatchSchema, ROOM_LIMITS } from '../../src/shared/metadata.js';
import type { CloneMetadata } from './contract.js';

/** The text of the three editable fields as the user types them; tags are comma-separated. */
export interface MetadataDraft {
  name: string;
  description: string;
  tags: string;
}

export type MetadataField = keyof MetadataDraft;
export type FieldErrors = Partial<Record<MetadataField, string>>;

export function draftOf(metadata: CloneMetadata): MetadataDraft {
  return { name: metadata.name, description: metadata.description, tags: metadata.tags.join(', ') };
}

export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
  return [...new Set(tags)];
}

/** The draft as metadata, checked with the same rules the server applies. */
export function checkDraft(draft: MetadataDraft): { metadata: CloneMetadata; errors: FieldErrors } {
  const metadata = {
    name: draft.name.trim(),
    description: draft.description,
    tags: parseTags(draft.tags),
  };
  const parsed = cloneMetadataPatchSchema.safeParse(metadata);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'name' || field === 'description' || field === 'tags') {
        errors[field] ??= capitalize(issue.message);
      }
    }
  }
  return { metadata, errors };
}

function capitalize(text: string): string {
  return text ? `${text[0]?.toUpperCase()}${text.slice(1)}.` : text;
}

/** Name, description and tags, each labelled, with its error tied to it for screen readers. */
export function MetadataFields(props: {
  idPrefix: string;
  draft: MetadataDraft;
  errors: FieldErrors;
  disabled?: boolean;
  onChange(draft: MetadataDraft): void;
  autoFocusName?: boolean;
}) {
  const { idPrefix, draft, errors } = props;
  const describedBy = (field: MetadataField) =>
    [`${idPrefix}-${field}-hint`, errors[field] ? `${idPrefix}-${field}-error` : '']
      .filter(Boolean)
      .join(' ');
  const set = (field: MetadataField) => (event: Event) =>
    props.onChange({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });

  return (
    <div class="fields">
      <div class="field">
        <label for={`${idPrefix}-name`}>Name</label>
        <input
          id={`${idPrefix}-name`}
          name="name"
          type="text"
          value={draft.name}
          autoComplete="off"
          required
          // biome-ignore lint/a11y/noAutofocus: the dialog opens to edit exactly this field
          autoFocus={props.autoFocusName}
          disabled={props.disabled}
          aria-invalid={errors.name ? 'true' : undefined}
          aria-describedby={describedBy('name')}
          onInput={set('name')}
        />
        <p class="hint" id={`${idPrefix}-name-hint`}>
          Up to {ROOM_LIMITS.nameMax} characters.
        </p>
        {errors.name && (
          <p class="field-error" id={`${idPrefix}-name-error`}>
            {errors.name}
          </p>
        )}
      </div>
      <div class="field">
        <label for={`${idPrefix}-description`}>Description</label>
        <textarea
          id={`${idPrefix}-description`}
          name="description"
          rows={3}
          value={draft.description}
          disabled={props.disabled}
          aria-invalid={errors.description ? 'true' : undefined}
          aria-describedby={describedBy('description')}
          onInput={set('description')}
        />
        <p class="hint" id={`${idPrefix}-description-hint`}>
          Optional, up to {ROOM_LIMITS.descriptionMax.toLocaleString('en')} characters.
        </p>
        {errors.description && (
          <p class="field-error" id={`${idPrefix}-description-error`}>
            {errors.description}
          </p>
        )}
      </div>
      <div class="field">
        <label for={`${idPrefix}-tags`}>Tags</label>
        <input
          id={`${idPrefix}-tags`}
          name="tags"
          type="text"
          value={draft.tags}
          autoComplete="off"
          disabled={props.disabled}
          aria-invalid={errors.tags ? 'true' : undefined}
          aria-describedby={describedBy('tags')}
          onInput={set('tags')}
        />
        <p class="hint" id={`${idPrefix}-tags-hint`}>
          Separate tags with commas, for example: biology, week 1.
        </p>
        {errors.tags && (
          <p class="field-error" id={`${idPrefix}-tags-error`}>
            {errors.tags}
          </p>
        )}
      </div>
    </div>
  );
}
