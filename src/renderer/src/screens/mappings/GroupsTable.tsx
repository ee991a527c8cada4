import type { DraftChange, Group, Mapping, Workspace } from '../../../../shared/api.ts';
import { groupLabel } from '../../lib/group-label.ts';
import { describeGrant } from '../../lib/grants.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';
import { AddMappingForm } from './AddMappingForm.tsx';

function MappingChip({ mapping, groupName }: { mapping: Mapping; groupName: string }) {
  const removeMapping = useMappingsStore((state) => state.removeMapping);
  const draft = useDraftsStore((state) => state.draft);
  const addDraftChange = useDraftsStore((state) => state.addChange);
  const removeDraftChange = useDraftsStore((state) => state.removeChange);
  const mappingBusy = useMappingsStore((state) => state.pendingAction !== null);
  const draftBusy = useDraftsStore((state) => state.busy);
  const busy = mappingBusy || draftBusy;
  const label = describeGrant(mapping.grant, mapping.workspaceName);
  const removal = draft?.changes.find((change) => change.action === 'remove' && change.mappingId === mapping.id);

  if (removal !== undefined) {
    return (
      <li className="chip chip-draft-removed" data-testid="mapping-chip" data-draft="removed">
        <span>{label}</span>
        <button type="button" className="chip-remove" aria-label={`Keep mapping ${groupName} to ${label}`} disabled={busy} onClick={() => void removeDraftChange(removal.id)}>
          ↺
        </button>
      </li>
    );
  }
  const remove = () => (draft === null ? removeMapping(mapping.id) : addDraftChange({ action: 'remove', mappingId: mapping.id }));
  return (
    <li className="chip" data-testid="mapping-chip">
      {label}
      <button
        type="button"
        className="chip-remove"
        aria-label={`${draft === null ? 'Remove' : 'Remove in draft'} mapping ${groupName} to ${label}`}
        disabled={busy}
        onClick={() => void remove()}
      >
        ×
      </button>
    </li>
  );
}

/** Renders a mapping that the open draft adds to a group, with a button that takes it out of the draft. */
function DraftAdditionChip({ change, groupName }: { change: DraftChange; groupName: string }) {
  const removeDraftChange = useDraftsStore((state) => state.removeChange);
  const busy = useDraftsStore((state) => state.busy);
  const label = describeGrant(change.grant, change.workspaceName);
  return (
    <li className="chip chip-draft-added" data-testid="mapping-chip" data-draft="added">
      + {label}
      <button type="button" className="chip-remove" aria-label={`Undo draft mapping ${groupName} to ${label}`} disabled={busy} onClick={() => void removeDraftChange(change.id)}>
        ×
      </button>
    </li>
  );
}

function GroupRow({ group, workspaces }: { group: Group; workspaces: Workspace[] }) {
  const draft = useDraftsStore((state) => state.draft);
  const additions = draft?.changes.filter((change) => change.action === 'add' && change.groupId === group.id) ?? [];
  const unmapped = group.mappings.length === 0 && additions.length === 0;
  const label = groupLabel(group.displayName, group.connectionName);
  return (
    <tr
      data-testid="group-row"
      data-group-name={group.displayName}
      className={unmapped ? 'row-flagged' : undefined}
    >
      <th scope="row" className="group-cell">
        <div>{group.displayName}</div>
        <div className="chip-row">
          {group.followsConvention && (
            <span className="chip chip-ok" title="The name follows app-<slug>-…">
              follows naming convention
            </span>
          )}
          {unmapped && (
            <span className="chip chip-warning" data-testid="unmapped-flag">
              unmapped: grants no access
            </span>
          )}
        </div>
        {group.renameWarning !== null && (
          <p className="text-warning" role="note" data-testid="rename-warning">
            {group.renameWarning}
          </p>
        )}
      </th>
      <td>{group.connectionName}</td>
      <td className="number">{group.memberCount.toLocaleString()}</td>
      <td>
        {unmapped ? (
          <span className="muted">None</span>
        ) : (
          <ul className="chip-row" aria-label={`Mappings of ${label}`}>
            {group.mappings.map((mapping) => (
              <MappingChip key={mapping.id} mapping={mapping} groupName={label} />
            ))}
            {additions.map((change) => (
              <DraftAdditionChip key={change.id} change={change} groupName={label} />
            ))}
          </ul>
        )}
      </td>
      <td>
        <AddMappingForm group={group} workspaces={workspaces} />
      </td>
    </tr>
  );
}

/** Renders the groups provisioned by the identity providers, with their mappings and a form to add one. */
export function GroupsTable({ groups, workspaces }: { groups: Group[]; workspaces: Workspace[] }) {
  const unmappedCount = groups.filter((group) => group.mappings.length === 0).length;
  return (
    <section className="card" aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      <ActionProblemNotice actions={['addMapping', 'removeMapping']} />
      {groups.length === 0 ? (
        <p className="empty">
          No groups yet. Groups appear here when an identity provider pushes them, so check the
          Live events screen for the first requests.
        </p>
      ) : (
        <>
          {unmappedCount > 0 && (
            <p className="text-warning" data-testid="unmapped-summary">
              {unmappedCount === 1 ? '1 group is' : `${unmappedCount} groups are`} unmapped, so
              {unmappedCount === 1 ? ' its' : ' their'} members get no access from{' '}
              {unmappedCount === 1 ? 'it' : 'them'}. Accept a suggestion or add a mapping.
            </p>
          )}
          <div className="table-scroll">
            <table aria-label="Groups" className="groups-table" data-testid="groups-table">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Connection</th>
                  <th scope="col" className="number">Members</th>
                  <th scope="col">Mappings</th>
                  <th scope="col">Add mapping</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <GroupRow key={group.id} group={group} workspaces={workspaces} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
