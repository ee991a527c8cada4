import type { DismissedSuggestion, Draft, Suggestion } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { groupLabel } from '../../lib/group-label.ts';
import { describeGrant, sameGrant } from '../../lib/grants.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';
import { NamingConventionForm } from './NamingConventionForm.tsx';

/** Returns the suggestions that the draft does not add yet, or all of them when no draft is open. */
function suggestionsToOffer(suggestions: Suggestion[], draft: Draft | null): Suggestion[] {
  if (draft === null) {
    return suggestions;
  }
  const added = draft.changes.filter((change) => change.action === 'add');
  return suggestions.filter((suggestion) => !added.some((change) => change.groupId === suggestion.groupId && sameGrant(change.grant, suggestion.grant)));
}

/**
 * Lists the mappings that the naming convention suggests. None applies until the admin accepts it,
 * and while a draft is open, accepting adds the suggestion to the draft instead of the live mappings,
 * and the suggestions that the draft already adds are not offered. Suggestions marked
 * `excludedFromAcceptAll` are listed apart and only accepted one by one.
 */
export function SuggestionsSection({
  suggestions: allSuggestions,
  dismissed,
  namingSlug,
}: {
  suggestions: Suggestion[];
  dismissed: DismissedSuggestion[];
  namingSlug: string | null;
}) {
  const applySuggestions = useMappingsStore((state) => state.applySuggestions);
  const addDraftChange = useDraftsStore((state) => state.addChange);
  const draft = useDraftsStore((state) => state.draft);
  const draftOpen = draft !== null;
  const suggestions = suggestionsToOffer(allSuggestions, draft);
  const inAcceptAll = suggestions.filter((suggestion) => !suggestion.excludedFromAcceptAll);
  const toCheck = suggestions.filter((suggestion) => suggestion.excludedFromAcceptAll);
  const mappingBusy = useMappingsStore((state) => state.pendingAction !== null);
  const draftBusy = useDraftsStore((state) => state.busy);
  const busy = mappingBusy || draftBusy;

  /** Accepts the given suggestions. With `all`, the engine accepts every suggestion except those marked `excludedFromAcceptAll`. */
  const accept = async (accepted: Suggestion[], all: boolean): Promise<void> => {
    if (!draftOpen) {
      await applySuggestions(all ? undefined : accepted.map((suggestion) => suggestion.groupId));
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
        {inAcceptAll.length > 0 && (
          <button type="button" className="button-primary" data-testid="accept-all-suggestions" disabled={busy} onClick={() => void accept(inAcceptAll, true)}>
            {draftOpen ? `Add all to the draft (${inAcceptAll.length})` : `Accept all (${inAcceptAll.length})`}
          </button>
        )}
      </header>
      <ActionProblemNotice actions={['applySuggestions', 'dismissSuggestion', 'restoreSuggestion']} />
      <p className="muted">
        Groups named <code>app-{namingSlug || '<slug>'}-organization-admin</code> or{' '}
        <code>app-{namingSlug || '<slug>'}-&lt;workspace-slug&gt;-&lt;role&gt;</code> are suggested here.
        A suggestion grants nothing until you accept it.
      </p>
      {namingSlug !== null && <NamingConventionForm namingSlug={namingSlug} />}
      {suggestions.length === 0 && allSuggestions.length > 0 && (
        <p className="empty" data-testid="suggestions-empty">
          The draft adds every suggested mapping. Undo one in the draft to see its suggestion here again.
        </p>
      )}
      {allSuggestions.length === 0 && (
        <p className="empty" data-testid="suggestions-empty">
          No suggestions right now. A group whose name follows the naming convention appears here until it has the suggested mapping.
        </p>
      )}
      {inAcceptAll.length > 0 && (
        <ul className="suggestion-list">
          {inAcceptAll.map((suggestion) => (
            <SuggestionItem key={suggestionKey(suggestion)} suggestion={suggestion} draftOpen={draftOpen} busy={busy} onAccept={() => void accept([suggestion], false)} />
          ))}
        </ul>
      )}
      {toCheck.length > 0 && (
        <div className="suggestions-to-check" data-testid="suggestions-to-check">
          <h3>Organization admin: check each group first</h3>
          <p className="muted">
            {draftOpen ? 'Add all to the draft' : 'Accept all'} skips these, because while any app slug is accepted a group of
            another app matches too. Accept one only if the group belongs to this app.
          </p>
          <ul className="suggestion-list">
            {toCheck.map((suggestion) => (
              <SuggestionItem key={suggestionKey(suggestion)} suggestion={suggestion} draftOpen={draftOpen} busy={busy} onAccept={() => void accept([suggestion], false)} />
            ))}
          </ul>
        </div>
      )}
      {dismissed.length > 0 && <DismissedSuggestions dismissed={dismissed} disabled={busy} />}
    </section>
  );
}

function suggestionKey(suggestion: Suggestion): string {
  return `${suggestion.groupId}:${describeGrant(suggestion.grant, suggestion.workspaceName)}`;
}

/** Renders one suggestion with its reason and the buttons that dismiss or accept it. */
function SuggestionItem({ suggestion, draftOpen, busy, onAccept }: { suggestion: Suggestion; draftOpen: boolean; busy: boolean; onAccept: () => void }) {
  const dismissSuggestion = useMappingsStore((state) => state.dismissSuggestion);
  const label = groupLabel(suggestion.groupName, suggestion.connectionName);
  return (
    <li data-testid="suggestion" data-group-name={suggestion.groupName}>
      <div>
        <strong>{suggestion.groupName}</strong> <span className="muted">({suggestion.connectionName})</span> → {describeGrant(suggestion.grant, suggestion.workspaceName)}
        <div className="muted">{suggestion.reason}</div>
      </div>
      <div className="button-row">
        <button type="button" className="button-quiet" aria-label={`Dismiss suggestion for ${label}`} disabled={busy} onClick={() => void dismissSuggestion(suggestion)}>
          Dismiss
        </button>
        <button type="button" aria-label={`Accept suggestion for ${label}`} disabled={busy} onClick={onAccept}>
          {draftOpen ? 'Add to draft' : 'Accept'}
        </button>
      </div>
    </li>
  );
}

const CAUSE_TEXT: Record<DismissedSuggestion['cause'], string> = {
  dismissed: 'dismissed',
  'mapping-removed': 'mapping removed',
};

/** Lists the suggestions no longer offered, folded away, each with a button that offers it again. */
function DismissedSuggestions({ dismissed, disabled }: { dismissed: DismissedSuggestion[]; disabled: boolean }) {
  const restoreSuggestion = useMappingsStore((state) => state.restoreSuggestion);
  const count = dismissed.length === 1 ? '1 dismissed suggestion' : `${dismissed.length} dismissed suggestions`;
  return (
    <details className="dismissed-suggestions" data-testid="dismissed-suggestions">
      <summary>{count}, not offered again until restored</summary>
      <ul className="suggestion-list">
        {dismissed.map((suggestion) => (
          <li key={suggestion.groupId} data-testid="dismissed-suggestion" data-group-name={suggestion.groupName}>
            <div>
              <strong>{suggestion.groupName}</strong> <span className="muted">({suggestion.connectionName})</span> → {describeGrant(suggestion.grant, suggestion.workspaceName)}
              <div className="muted">
                {CAUSE_TEXT[suggestion.cause]} by {suggestion.dismissedBy}, {formatDateTime(suggestion.dismissedAt)}
              </div>
            </div>
            <button
              type="button"
              className="button-quiet"
              aria-label={`Restore suggestion for ${groupLabel(suggestion.groupName, suggestion.connectionName)}`}
              disabled={disabled}
              onClick={() => void restoreSuggestion(suggestion)}
            >
              Restore
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
