import { useState } from 'preact/hooks';
import type { CloneTracker, TrackedClone } from './clone-tracker.js';
import { CLONE_COMPONENTS, type CloneMetadata } from './contract.js';
import {
  checkDraft,
  draftOf,
  type FieldErrors,
  type MetadataDraft,
  MetadataFields,
} from './metadata-fields.js';
import { Link } from './router.js';
import {
  attentionWords,
  COMPONENT_LABELS,
  componentStateWords,
  outcomeOf,
  phaseWords,
} from './words.js';

const EDIT_WORDS = {
  idle: null,
  sending: 'Saving your changes…',
  waiting: 'Saved. The clone will apply your changes to the new room in a moment.',
  applied: 'Your changes are applied to the new room.',
  refused: null,
} as const;

/** One clone: its progress while it runs, its metadata still editable, then how it ended. */
export function CloneCard(props: { entry: TrackedClone; tracker: CloneTracker }) {
  const { entry, tracker } = props;
  const { clone } = entry;
  const headingId = `clone-${clone.id}-title`;
  const outcome = outcomeOf(clone);
  const attention = attentionWords(clone);
  const running = clone.status === 'running';

  return (
    <article
      class={`card clone-card tone-${outcome?.tone ?? 'running'}`}
      aria-labelledby={headingId}
    >
      <header class="clone-card-header">
        <h3 id={headingId} tabIndex={-1}>
          {clone.metadata.name}
        </h3>
        {entry.sourceName && <p class="muted">Clone of “{entry.sourceName}”</p>}
      </header>

      <div class="progress-block">
        <div class="progress-line">
          <label for={`clone-${clone.id}-overall`}>Overall progress</label>
          <span class="progress-value" data-testid="overall-percent">
            {clone.percent} %
          </span>
        </div>
        <progress id={`clone-${clone.id}-overall`} max={100} value={clone.percent}>
          {clone.percent} %
        </progress>
        <p class="muted" aria-live="polite">
          {phaseWords(clone)}
        </p>
        <ul class="components">
          {CLONE_COMPONENTS.map((component) => {
            const progress = clone.components[component];
            const ratio =
              progress.state === 'done'
                ? 1
                : progress.total > 0
                  ? Math.min(progress.done, progress.total) / progress.total
                  : 0;
            return (
              <li key={component} class={`component state-${progress.state}`}>
                <span class="component-name">{COMPONENT_LABELS[component]}</span>
                <progress
                  max={100}
                  value={Math.round(ratio * 100)}
                  aria-label={`${COMPONENT_LABELS[component]} progress`}
                />
                <span class="component-state">{componentStateWords(progress, clone)}</span>
              </li>
            );
          })}
        </ul>
      </div>

      {attention && (
        <div class="alert warning" role="status">
          <p>{attention.title}</p>
          {attention.details.length > 0 && (
            <ul class="issues">
              {attention.details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {entry.trouble && (
        <p class="alert warning" role="status">
          {entry.trouble}
        </p>
      )}

      {running ? (
        <RunningActions entry={entry} tracker={tracker} />
      ) : (
        outcome && (
          <section class={`outcome tone-${outcome.tone}`} role="status" aria-label="Outcome">
            <h4>{outcome.title}</h4>
            <p>{outcome.body}</p>
            {outcome.details.length > 0 && (
              <ul class="issues">
                {outcome.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            )}
            <div class="card-actions">
              {clone.status === 'completed' && clone.targetRoomId && (
                <Link class="button primary" href={`/rooms/${clone.targetRoomId}`}>
                  Open “{clone.metadata.name}”
                </Link>
              )}
              <button type="button" onClick={() => tracker.dismiss(clone.id)}>
                Dismiss
              </button>
            </div>
          </section>
        )
      )}
    </article>
  );
}

function RunningActions(props: { entry: TrackedClone; tracker: CloneTracker }) {
  const { entry, tracker } = props;
  const { clone } = entry;
  const [draft, setDraft] = useState<MetadataDraft>(() => draftOf(clone.metadata));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const idPrefix = `clone-${clone.id}`;

  async function saveEdit(event: Event) {
    event.preventDefault();
    const checked = checkDraft(draft);
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    const patch = changedFields(clone.metadata, checked.metadata);
    if (Object.keys(patch).length === 0) {
      setNote('Nothing has changed since the last save.');
      return;
    }
    setNote(null);
    await tracker.edit(clone.id, patch).catch(() => undefined);
  }

  const editWords =
    note ?? (entry.edit.state === 'refused' ? entry.edit.message : EDIT_WORDS[entry.edit.state]);
  const sending = entry.edit.state === 'sending';

  return (
    <>
      <form class="clone-edit" onSubmit={saveEdit} noValidate aria-labelledby={`${idPrefix}-edit`}>
        <h4 id={`${idPrefix}-edit`}>Edit the new room while it is copied</h4>
        <MetadataFields
          idPrefix={idPrefix}
          draft={draft}
          errors={errors}
          disabled={sending}
          onChange={(next) => {
            setNote(null);
            setDraft(next);
          }}
        />
        <div class="card-actions">
          <button type="submit" class="primary" disabled={sending}>
            Save changes
          </button>
          <p
            class={`edit-status state-${entry.edit.state}`}
            role="status"
            data-testid="edit-status"
          >
            {editWords}
          </p>
        </div>
      </form>
      <div class="cancel-area">
        {confirmingCancel ? (
          <fieldset class="confirm">
            <legend>Stop copying? The partly copied room will be removed.</legend>
            <div class="card-actions">
              <button
                type="button"
                class="danger"
                disabled={entry.cancel.state === 'sending'}
                onClick={() => void tracker.cancel(clone.id)}
              >
                Yes, cancel the clone
              </button>
              <button type="button" onClick={() => setConfirmingCancel(false)}>
                Keep copying
              </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" class="danger-outline" onClick={() => setConfirmingCancel(true)}>
            Cancel clone
          </button>
        )}
        {entry.cancel.state === 'sending' && <p role="status">Cancelling…</p>}
        {entry.cancel.message && (
          <p class="alert error" role="alert">
            {entry.cancel.message}
          </p>
        )}
      </div>
    </>
  );
}

function changedFields(current: CloneMetadata, next: CloneMetadata): Partial<CloneMetadata> {
  const patch: Partial<CloneMetadata> = {};
  if (next.name !== current.name) patch.name = next.name;
  if (next.description !== current.description) patch.description = next.description;
  if (next.tags.join('\u0000') !== current.tags.join('\u0000')) patch.tags = next.tags;
  return patch;
}
