import { useState, type FormEvent } from 'react';
import type { Workspace } from '../../../../shared/api.ts';
import { slugify } from '../../../../shared/model.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';

/**
 * Offers the new name's slug when it differs from the current one. The slug stays by default:
 * the identity provider's groups are named after it, and changing it stops their suggestions.
 */
function SlugChoice({ workspace, newSlug, changeSlug, onChange }: { workspace: Workspace; newSlug: string; changeSlug: boolean; onChange: (changeSlug: boolean) => void }) {
  const namingSlug = useMappingsStore((state) => state.settings?.namingSlug ?? '');
  const prefix = namingSlug === '' ? 'app-…' : `app-${namingSlug}`;
  return (
    <div className="slug-choice" data-testid="slug-choice">
      <label className="checkbox">
        <input type="checkbox" checked={changeSlug} onChange={(event) => onChange(event.target.checked)} />
        Also change the slug from <code>{workspace.slug}</code> to <code>{newSlug}</code>
      </label>
      <p className={changeSlug ? 'text-warning' : 'muted'} role="note">
        {changeSlug
          ? `Groups named ${prefix}-${workspace.slug}-<role> will no longer be suggested for this workspace. Rename them in the identity provider first.`
          : `The slug stays ${workspace.slug}, so groups named ${prefix}-${workspace.slug}-<role> are still suggested for this workspace.`}
      </p>
    </div>
  );
}

function WorkspaceItem({ workspace }: { workspace: Workspace }) {
  const renameWorkspace = useMappingsStore((state) => state.renameWorkspace);
  const archiveWorkspace = useMappingsStore((state) => state.archiveWorkspace);
  const busy = useMappingsStore((state) => state.pendingAction !== null);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(workspace.name);
  const [changeSlug, setChangeSlug] = useState(false);
  const newSlug = slugify(name);
  const slugDiffers = newSlug !== '' && newSlug !== workspace.slug;

  const stopEditing = () => {
    setName(workspace.name);
    setChangeSlug(false);
    setEditing(false);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await renameWorkspace(workspace.id, name.trim(), slugDiffers && changeSlug)) {
      setChangeSlug(false);
      setEditing(false);
    }
  };

  if (editing) {
    return (
      <li data-testid="workspace-item" data-workspace-name={workspace.name}>
        <form className="inline-form" onSubmit={(event) => void submit(event)}>
          <label>
            New name for {workspace.name}
            <input value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit" className="button-primary" disabled={busy || name.trim() === ''}>
            Save
          </button>
          <button type="button" className="button-quiet" onClick={stopEditing}>
            Cancel
          </button>
        </form>
        {slugDiffers && <SlugChoice workspace={workspace} newSlug={newSlug} changeSlug={changeSlug} onChange={setChangeSlug} />}
      </li>
    );
  }

  return (
    <li data-testid="workspace-item" data-workspace-name={workspace.name}>
      <span className="workspace-name">{workspace.name}</span> <code className="muted">{workspace.slug}</code>
      {workspace.archivedAt !== null && (
        <span className="chip chip-muted">archived {formatDateTime(workspace.archivedAt)}</span>
      )}
      <button
        type="button"
        className="button-quiet button-small"
        aria-label={`Rename ${workspace.name}`}
        onClick={() => setEditing(true)}
      >
        Rename
      </button>
      {workspace.archivedAt === null && (
        <button
          type="button"
          className="button-quiet button-small"
          aria-label={`Archive ${workspace.name}`}
          disabled={busy}
          onClick={() => void archiveWorkspace(workspace.id, workspace.name)}
        >
          Archive
        </button>
      )}
    </li>
  );
}

function CreateWorkspaceForm() {
  const createWorkspace = useMappingsStore((state) => state.createWorkspace);
  const busy = useMappingsStore((state) => state.pendingAction !== null);
  const [name, setName] = useState('');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await createWorkspace(name.trim())) {
      setName('');
    }
  };

  return (
    <form className="inline-form" aria-label="Create workspace" onSubmit={(event) => void submit(event)}>
      <label>
        Workspace name
        <input
          data-testid="workspace-name"
          value={name}
          required
          maxLength={200}
          placeholder="e.g. Data Science"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <button type="submit" className="button-primary" disabled={busy || name.trim() === ''}>
        Create workspace
      </button>
    </form>
  );
}

/** Workspaces exist only in ScimDesk: the admin creates, renames and archives them, SCIM never does. */
export function WorkspacesSection({ workspaces }: { workspaces: Workspace[] }) {
  return (
    <section className="card" aria-labelledby="workspaces-title">
      <h2 id="workspaces-title">Workspaces</h2>
      {workspaces.length === 0 ? (
        <p className="empty">No workspaces yet. Create one before you map groups to workspace roles.</p>
      ) : (
        <ul className="workspace-list" aria-label="Workspaces">
          {workspaces.map((workspace) => (
            <WorkspaceItem key={workspace.id} workspace={workspace} />
          ))}
        </ul>
      )}
      <ActionProblemNotice actions={['createWorkspace', 'renameWorkspace', 'archiveWorkspace']} />
      <CreateWorkspaceForm />
    </section>
  );
}
