import { useEffect, useState, type FormEvent } from 'react';
import { namingSlugProblem } from '../../../../shared/model.ts';
import { useMappingsStore } from '../../stores/mappings.ts';
import { ActionProblemNotice } from './ActionProblemNotice.tsx';

/**
 * Shows the naming convention's slug with a form that sets or clears it. While it is empty, a
 * warning explains that any app's groups are suggested. The slug is checked here as the engine checks
 * it, so that a bad value is explained before it is sent.
 */
export function NamingConventionForm({ namingSlug }: { namingSlug: string }) {
  const setNamingSlug = useMappingsStore((state) => state.setNamingSlug);
  const busy = useMappingsStore((state) => state.pendingAction !== null);
  const [value, setValue] = useState(namingSlug);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setValue(namingSlug);
    setProblem(null);
  }, [namingSlug]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const slug = value.trim();
    const found = slug === '' ? 'Enter a slug such as "acme", or select Accept any slug.' : namingSlugProblem(slug);
    setProblem(found);
    if (found === null) {
      await setNamingSlug(slug);
    }
  };

  return (
    <div className="naming-convention" data-testid="naming-convention">
      {namingSlug === '' ? (
        <p className="notice notice-warning" role="note" data-testid="any-slug-warning">
          Any app slug is accepted: a group named <code>app-&lt;anything&gt;-organization-admin</code> from any app is suggested
          as organization admin, so Accept all skips those. Set the slug that this app's groups use, such as <code>acme</code>{' '}
          in <code>app-acme-organization-admin</code>, so that only its groups are suggested.
        </p>
      ) : (
        <p className="muted" data-testid="slug-in-use">
          Only groups whose names start with <code>app-{namingSlug}-</code> are suggested.
        </p>
      )}
      <form className="inline-form" aria-label="Naming convention slug" onSubmit={(event) => void submit(event)} noValidate>
        <label>
          App slug
          <input
            value={value}
            placeholder="acme"
            maxLength={200}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'naming-slug-problem'}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
        <button type="submit" className="button-primary" disabled={busy || value.trim() === namingSlug}>
          Save slug
        </button>
        {namingSlug !== '' && (
          <button type="button" className="button-quiet" disabled={busy} onClick={() => void setNamingSlug('')}>
            Accept any slug
          </button>
        )}
      </form>
      {problem !== null && (
        <p className="text-warning" id="naming-slug-problem" role="alert" data-testid="naming-slug-problem">
          {problem}
        </p>
      )}
      <ActionProblemNotice actions={['setNamingSlug']} />
    </div>
  );
}
