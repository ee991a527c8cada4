import { formatDateTime } from '../../lib/format.ts';
import { providerDisplayName } from '../../lib/providers.ts';
import type { UnfinishedSetup } from '../../stores/setup-wizard.ts';
import { STEP_TITLES, wizardHash } from './steps.ts';

/** Setups the admin left before their end, each a link back to where it stopped. */
export function UnfinishedSetups({ setups }: { setups: UnfinishedSetup[] }) {
  if (setups.length === 0) {
    return null;
  }
  return (
    <section className="card" aria-labelledby="unfinished-title">
      <h2 id="unfinished-title">Continue where you left off</h2>
      <ul className="plain-list unfinished-list">
        {setups.map(({ connection, progress }) => (
          <li key={connection.id} data-testid="unfinished-setup" data-connection-id={connection.id}>
            <a href={wizardHash(connection.id)}>{connection.name}</a>{' '}
            <span className="muted">
              {providerDisplayName(connection.provider)}, at “{STEP_TITLES[progress.step]}”
              {progress.updatedAt !== null && `, last changed ${formatDateTime(progress.updatedAt)}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
