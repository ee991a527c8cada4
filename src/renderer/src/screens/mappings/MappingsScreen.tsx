import { useEffect } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { DraftsSection } from './DraftsSection.tsx';
import { GroupsTable } from './GroupsTable.tsx';
import { GuardrailDialog } from './GuardrailDialog.tsx';
import './mappings.css';
import { OrphanedMappings } from './OrphanedMappings.tsx';
import { SuggestionsSection } from './SuggestionsSection.tsx';
import { WorkspacesSection } from './WorkspacesSection.tsx';

/** Renders the Mappings screen: drafts, suggestions, groups with their mappings, and workspaces. */
export function MappingsScreen() {
  const state = useMappingsStore();
  const { load } = state;
  const loadDrafts = useDraftsStore((drafts) => drafts.load);
  const draftName = useDraftsStore((drafts) => drafts.draft?.name ?? null);

  useEffect(() => {
    void load();
    void loadDrafts();
  }, [load, loadDrafts]);

  const orphaned = state.mappings.filter((mapping) => mapping.groupName === null);

  return (
    <>
      <header className="screen-header">
        <h1>Mappings</h1>
        <button type="button" className="button-quiet" onClick={() => void load()} disabled={state.loading}>
          Refresh
        </button>
      </header>
      <p className="muted">
        A user's role in a workspace is the highest role that any of their groups grants there.{' '}
        {state.settings?.organizationAdminsAreWorkspaceAdmins === false
          ? 'Organization admins get no workspace role from their organization role, because that setting is off.'
          : 'Organization admins are also admins of every workspace.'}
      </p>
      {state.loadError !== null && <ProblemNotice problem={state.loadError} onRetry={() => void load()} />}
      {!state.loaded && state.loading && <Loading what="groups and mappings" />}
      {draftName !== null && (
        <p className="notice draft-banner" data-testid="draft-banner">
          You are editing the draft “{draftName}”: changes below go into the draft, and nothing changes for anyone until you apply it.
        </p>
      )}
      {state.loaded && (
        <>
          <DraftsSection />
          <SuggestionsSection suggestions={state.suggestions} dismissed={state.dismissedSuggestions} namingSlug={state.settings?.namingSlug ?? null} />
          <OrphanedMappings mappings={orphaned} />
          <GroupsTable groups={state.groups} workspaces={state.workspaces} />
          <WorkspacesSection workspaces={state.workspaces} />
        </>
      )}
      <GuardrailDialog />
    </>
  );
}
