import { useEffect } from 'react';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useMappingsStore } from '../../stores/mappings.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { StepFooter } from './StepFooter.tsx';

/**
 * Step 6: the handover to group-to-role mapping. It lists the naming-convention suggestions that
 * already apply to this connection's groups and can accept them. The Mappings screen does the rest.
 */
export function MapStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const { goTo } = useSetupWizardStore();
  const { groups, suggestions, loaded, load, applySuggestions, actionError, clearActionError, loadError } = useMappingsStore();

  useEffect(() => {
    void load();
  }, [load]);

  const ownGroups = groups.filter((group) => group.connectionId === connection.id);
  const ownGroupIds = new Set(ownGroups.map((group) => group.id));
  const ownSuggestions = suggestions.filter((suggestion) => ownGroupIds.has(suggestion.groupId));
  const unmapped = ownGroups.filter((group) => group.mappings.length === 0);
  const conventionWithoutWorkspace = unmapped.filter(
    (group) => group.followsConvention && !ownSuggestions.some((suggestion) => suggestion.groupId === group.id),
  );

  return (
    <section className="card" aria-labelledby="map-title">
      <h2 id="map-title">Map groups to roles</h2>
      {!loaded && <p className="muted">Loading the groups…</p>}
      {loaded && ownGroups.length === 0 && (
        <p className="muted" data-testid="no-groups">
          No groups from “{connection.name}” yet. Once the provider pushes groups, map them on the <a href="#mappings">Mappings</a> screen.
        </p>
      )}
      {loaded && ownGroups.length > 0 && (
        <p>
          “{connection.name}” pushed {ownGroups.length} group{ownGroups.length === 1 ? '' : 's'}; {unmapped.length} of them {unmapped.length === 1 ? 'has' : 'have'} no mapping yet.
        </p>
      )}
      {ownSuggestions.length > 0 && (
        <>
          <h3>Suggested by the naming convention</h3>
          <ul className="suggestion-list" data-testid="wizard-suggestions">
            {ownSuggestions.map((suggestion) => (
              <li key={`${suggestion.groupId}-${JSON.stringify(suggestion.grant)}`} data-testid="wizard-suggestion">
                <code>{suggestion.groupName}</code> → {suggestion.grant.kind === 'organization-admin' ? 'organization admin' : `${suggestion.grant.role} in ${suggestion.workspaceName}`}
                <div className="muted">{suggestion.reason}</div>
              </li>
            ))}
          </ul>
          <button type="button" className="button-primary" data-testid="accept-suggestions" onClick={() => void applySuggestions(ownSuggestions.map((suggestion) => suggestion.groupId))}>
            Accept {ownSuggestions.length === 1 ? 'this suggestion' : `these ${ownSuggestions.length} suggestions`}
          </button>
        </>
      )}
      {conventionWithoutWorkspace.length > 0 && (
        <p className="notice notice-warning">
          {conventionWithoutWorkspace.map((group) => group.displayName).join(', ')} follow the naming convention but name a workspace
          that does not exist. Create it on the Mappings screen and the suggestion appears.
        </p>
      )}
      <p>
        <a href="#mappings" data-testid="open-mappings">
          Open Mappings
        </a>{' '}
        to map the other groups, see conflicts and unmapped groups, and why the highest role wins.
      </p>
      {loadError !== null && <ProblemNotice problem={loadError} onRetry={() => void load()} />}
      {actionError !== null && <ProblemNotice problem={actionError.problem} onDismiss={clearActionError} />}
      <StepFooter onBack={() => void goTo('verify')} onContinue={() => void goTo('done')} continueLabel="Finish setup" />
    </section>
  );
}
