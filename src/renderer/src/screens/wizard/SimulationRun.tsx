import type { Simulation, SimulationStep } from '../../../../shared/api.ts';
import { formatDuration } from '../../lib/format.ts';

function outcomeOf(step: SimulationStep): { label: string; className: string } {
  if (step.skipped !== null) {
    return { label: 'skipped', className: 'chip chip-muted' };
  }
  return step.ok ? { label: String(step.status), className: 'chip chip-ok' } : { label: step.status === null ? 'failed' : String(step.status), className: 'chip chip-warning' };
}

/** Renders one simulator run: a progress bar and each finished step with its response status. */
export function SimulationRun({ run }: { run: Simulation }) {
  const done = run.steps.length;
  return (
    <div className="simulation" data-testid="simulation" data-state={run.state}>
      <label className="simulation-progress">
        {run.state === 'running' ? `Step ${done} of ${run.totalSteps}` : `${done} of ${run.totalSteps} steps`}
        <progress max={run.totalSteps} value={done} />
      </label>
      {run.userNameSuffix !== null && (
        <p className="muted">Users with the sample names exist, so this run names its samples with “+{run.userNameSuffix}”.</p>
      )}
      <ol className="simulation-steps">
        {run.steps.map((step) => {
          const outcome = outcomeOf(step);
          return (
            <li key={step.step} data-testid="simulation-step" data-ok={step.ok || step.skipped !== null}>
              <span className={outcome.className}>{outcome.label}</span> <span>{step.summary}</span>{' '}
              <span className="muted">
                {step.method !== null && `${step.method} ${step.path}`} {step.skipped === null && formatDuration(step.durationMs)}
              </span>
              {step.skipped !== null && <div className="muted">Not sent: {step.skipped}.</div>}
              {step.error !== null && <div className="text-error">{step.error}</div>}
            </li>
          );
        })}
      </ol>
      {run.state === 'failed' && <p className="text-error">The run stopped: {run.error}</p>}
    </div>
  );
}
