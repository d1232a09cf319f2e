import { useEffect, useRef, useState } from 'preact/hooks';
import { defaultCloneName } from '../../src/shared/metadata.js';
import { ApiError, describeError, request } from './api.js';
import type { Clone, Room } from './contract.js';
import {
  checkDraft,
  draftOf,
  type FieldErrors,
  type MetadataDraft,
  MetadataFields,
} from './metadata-fields.js';

/**
 * The clone dialog: a modal <dialog>, so focus stays inside and Escape closes it; focus goes
 * back to whatever opened it. Save starts the clone and turns the dialog into its confirmation.
 */
export function CloneDialog(props: {
  room: Room;
  token: string;
  onStarted(clone: Clone): void;
  onFollow(clone: Clone): void;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmation = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  // One key for this dialog: a double click or a retried request never makes a second clone.
  const idempotencyKey = useRef(crypto.randomUUID());
  const [draft, setDraft] = useState<MetadataDraft>(() =>
    draftOf({ ...props.room, name: defaultCloneName(props.room.name) }),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [started, setStarted] = useState<Clone | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    const returnTo = opener.current;
    return () => {
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
    };
  }, []);

  useEffect(() => {
    if (started) confirmation.current?.focus();
  }, [started]);

  async function save(event: Event) {
    event.preventDefault();
    const checked = checkDraft(draft);
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) {
      const first = Object.keys(checked.errors)[0];
      document.getElementById(`clone-dialog-${first}`)?.focus();
      return;
    }
    setSaving(true);
    setRefusal(null);
    try {
      const clone = await request<Clone>(
        'POST',
        `/api/rooms/${encodeURIComponent(props.room.id)}/clones`,
        {
          token: props.token,
          body: checked.metadata,
          headers: { 'idempotency-key': idempotencyKey.current },
        },
      );
      setStarted(clone);
      props.onStarted(clone);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        setErrors({
          name: error.fieldMessage('name'),
          description: error.fieldMessage('description'),
          tags: error.fieldMessage('tags'),
        });
      }
      setRefusal(describeError(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="clone-dialog-title"
      aria-describedby="clone-dialog-intro"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      {started ? (
        <div class="dialog-body">
          <h2 id="clone-dialog-title">Clone in progress</h2>
          <p id="clone-dialog-intro" role="status">
            Your clone of “{props.room.name}” is in progress. “{started.metadata.name}” is being
            created now; you can keep editing its name, description and tags while it runs, and you
            will be told when it is ready.
          </p>
          <div class="dialog-actions">
            <button
              ref={confirmation}
              type="button"
              class="primary"
              onClick={() => props.onFollow(started)}
            >
              Follow the clone
            </button>
          </div>
        </div>
      ) : (
        <form class="dialog-body" onSubmit={save} noValidate>
          <h2 id="clone-dialog-title">Clone “{props.room.name}”</h2>
          <p id="clone-dialog-intro">
            The new room gets a copy of the media files, the storyboard, the chat and collaboration
            items (as drafts) and the settings. You will own it; co-editors are not copied.
          </p>
          <MetadataFields
            idPrefix="clone-dialog"
            draft={draft}
            errors={errors}
            disabled={saving}
            onChange={setDraft}
            autoFocusName
          />
          {refusal && (
            <p class="alert error" role="alert">
              {refusal}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" onClick={props.onClose} disabled={saving}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
