import { useState, type FormEvent } from 'react';
import type { Group, Workspace } from '../../../../shared/api.ts';
import { WORKSPACE_ROLES, type Grant, type WorkspaceRole } from '../../../../shared/model.ts';
import { groupLabel } from '../../lib/group-label.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useMappingsStore } from '../../stores/mappings.ts';

/** Value of the target select that stands for the organization admin role. */
const ORGANIZATION_ADMIN = 'organization-admin';

type Props = {
  group: Group;
  workspaces: Workspace[];
};

/** Maps one group to the organization admin role or to a role in one workspace, live or in the open draft. */
export function AddMappingForm({ group, workspaces }: Props) {
  const addMapping = useMappingsStore((state) => state.addMapping);
  const addDraftChange = useDraftsStore((state) => state.addChange);
  const draftOpen = useDraftsStore((state) => state.draft !== null);
  const mappingBusy = useMappingsStore((state) => state.pendingAction !== null);
  const draftBusy = useDraftsStore((state) => state.busy);
  const busy = mappingBusy || draftBusy;
  const activeWorkspaces = workspaces.filter((workspace) => workspace.archivedAt === null);
  const [target, setTarget] = useState<string>(activeWorkspaces[0]?.id ?? ORGANIZATION_ADMIN);
  const [role, setRole] = useState<WorkspaceRole>('viewer');
  const isOrganizationAdmin = target === ORGANIZATION_ADMIN;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const grant: Grant = isOrganizationAdmin
      ? { kind: 'organization-admin' }
      : { kind: 'workspace', workspaceId: target, role };
    if (draftOpen) {
      await addDraftChange({ action: 'add', groupId: group.id, grant });
      return;
    }
    await addMapping(group.id, grant);
  };

  return (
    <form
      className="inline-form add-mapping"
      aria-label={`Add mapping for ${groupLabel(group.displayName, group.connectionName)}`}
      onSubmit={(event) => void submit(event)}
    >
      <label>
        Grant
        <select data-testid="mapping-target" value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value={ORGANIZATION_ADMIN}>Organization admin</option>
          {activeWorkspaces.map((workspace) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Role
        <select
          data-testid="mapping-role"
          value={isOrganizationAdmin ? '' : role}
          disabled={isOrganizationAdmin}
          onChange={(event) => setRole(event.target.value as WorkspaceRole)}
        >
          {isOrganizationAdmin && <option value="">admin of the organization</option>}
          {!isOrganizationAdmin &&
            WORKSPACE_ROLES.map((workspaceRole) => (
              <option key={workspaceRole} value={workspaceRole}>
                {workspaceRole}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        {draftOpen ? 'Add to draft' : 'Add mapping'}
      </button>
    </form>
  );
}
