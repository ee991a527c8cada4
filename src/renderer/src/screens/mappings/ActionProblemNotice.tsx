import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useMappingsStore, type MappingAction } from '../../stores/mappings.ts';

/** Shows the last failed change when it was one of `actions`, next to the controls that started it. */
export function ActionProblemNotice({ actions }: { actions: MappingAction[] }) {
  const actionError = useMappingsStore((state) => state.actionError);
  const clearActionError = useMappingsStore((state) => state.clearActionError);
  if (actionError === null || !actions.includes(actionError.action)) {
    return null;
  }
  return (
    <ProblemNotice problem={actionError.problem} onDismiss={clearActionError} testId="mapping-action-problem" />
  );
}
