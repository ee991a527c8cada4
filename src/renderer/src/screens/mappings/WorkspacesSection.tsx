import { useState, type FormEvent } from 'react';
import type { Workspace } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';

function WorkspaceItem({ workspace }: { workspace: Workspace }) {
  const renameWorkspace = useMappingsStore((state) => state.renameWorkspace);
  const archiveWorkspace = useMappingsStore((state) => state.archiveWorkspace);
  const busy = useMappingsStore((state) => state.pendingAction !== null);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(workspace.name);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await renameWorkspace(workspace.id, name.trim())) {
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
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              setName(workspace.name);
              setEditing(false);
            }}
          >
            Cancel
          </button>
        </form>
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
