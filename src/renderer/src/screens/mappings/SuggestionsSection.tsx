import type { Suggestion } from '../../../../shared/api.ts';
import { describeGrant } from '../../lib/grants.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';

/**
 * Lists the mappings that the naming convention suggests. None applies until the admin accepts it,
 * and while a draft is open, accepting adds the suggestion to the draft instead of the live mappings.
 */
export function SuggestionsSection({ suggestions, namingSlug }: { suggestions: Suggestion[]; namingSlug: string | null }) {
  const applySuggestions = useMappingsStore((state) => state.applySuggestions);
  const addDraftChange = useDraftsStore((state) => state.addChange);
  const draftOpen = useDraftsStore((state) => state.draft !== null);
  const mappingBusy = useMappingsStore((state) => state.pendingAction !== null);
  const draftBusy = useDraftsStore((state) => state.busy);
  const busy = mappingBusy || draftBusy;

  const accept = async (accepted: Suggestion[]): Promise<void> => {
    if (!draftOpen) {
      await applySuggestions(accepted.length === suggestions.length ? undefined : accepted.map((suggestion) => suggestion.groupId));
      return;
    }
    for (const suggestion of accepted) {
      await addDraftChange({ action: 'add', groupId: suggestion.groupId, grant: suggestion.grant });
    }
  };

  return (
    <section className="card" aria-labelledby="suggestions-title" data-testid="suggestions">
      <header className="section-header">
        <h2 id="suggestions-title">Suggested mappings</h2>
        {suggestions.length > 0 && (
          <button
            type="button"
            className="button-primary"
            data-testid="accept-all-suggestions"
            disabled={busy}
            onClick={() => void accept(suggestions)}
          >
            {draftOpen ? `Add all to the draft (${suggestions.length})` : `Accept all (${suggestions.length})`}
          </button>
        )}
      </header>
      <ActionProblemNotice actions={['applySuggestions']} />
      <p className="muted">
        Groups named <code>app-{namingSlug || '<slug>'}-organization-admin</code> or{' '}
        <code>app-{namingSlug || '<slug>'}-&lt;workspace-slug&gt;-&lt;role&gt;</code> are suggested here.
        A suggestion grants nothing until you accept it.
      </p>
      {suggestions.length === 0 ? (
        <p className="empty" data-testid="suggestions-empty">
          No suggestions right now. A group whose name follows the naming convention appears here until it has the suggested mapping.
        </p>
      ) : (
        <ul className="suggestion-list">
          {suggestions.map((suggestion) => (
            <li
              key={`${suggestion.groupId}:${describeGrant(suggestion.grant, suggestion.workspaceName)}`}
              data-testid="suggestion"
              data-group-name={suggestion.groupName}
            >
              <div>
                <strong>{suggestion.groupName}</strong> → {describeGrant(suggestion.grant, suggestion.workspaceName)}
                <div className="muted">{suggestion.reason}</div>
              </div>
              <button
                type="button"
                aria-label={`Accept suggestion for ${suggestion.groupName}`}
                disabled={busy}
                onClick={() => void accept([suggestion])}
              >
                {draftOpen ? 'Add to draft' : 'Accept'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
