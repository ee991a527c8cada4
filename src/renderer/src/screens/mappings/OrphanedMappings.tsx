import type { Mapping } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { describeGrant } from '../../lib/grants.ts';
import { useMappingsStore } from '../../stores/mappings.ts';

/** Lists mappings whose group the identity provider deleted. They grant nothing and can be removed. */
export function OrphanedMappings({ mappings }: { mappings: Mapping[] }) {
  const removeMapping = useMappingsStore((state) => state.removeMapping);
  const busy = useMappingsStore((state) => state.pendingAction !== null);
  if (mappings.length === 0) {
    return null;
  }
  return (
    <section className="card card-warning" aria-labelledby="orphaned-title" data-testid="orphaned-mappings">
      <h2 id="orphaned-title">Mappings whose group is gone</h2>
      <p>
        The identity provider deleted these groups, so these mappings grant nothing. Remove each one
        that you no longer need.
      </p>
      <ul className="plain-list">
        {mappings.map((mapping) => (
          <li key={mapping.id} data-testid="orphaned-mapping">
            {mapping.deletedGroup === undefined ? (
              <>
                Group <code>{mapping.groupId}</code>
              </>
            ) : (
              <>
                <strong>{mapping.deletedGroup.displayName}</strong>
                {mapping.deletedGroup.connectionName !== null && <> from {mapping.deletedGroup.connectionName}</>}
              </>
            )}{' '}
            → {describeGrant(mapping.grant, mapping.workspaceName)}{' '}
            <span className="muted">(mapped {formatDateTime(mapping.createdAt)})</span>{' '}
            <button
              type="button"
              className="button-small"
              disabled={busy}
              aria-label={`Remove mapping of deleted group ${mapping.deletedGroup?.displayName ?? mapping.groupId}`}
              onClick={() => void removeMapping(mapping.id)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
