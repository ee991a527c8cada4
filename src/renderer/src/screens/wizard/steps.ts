import type { SetupStep } from '../../../../shared/api.ts';

/** Title of each wizard step as the stepper shows it. */
export const STEP_TITLES: Record<SetupStep, string> = {
  provider: 'Provider',
  reachability: 'Reachability',
  credentials: 'Credentials',
  'provider-steps': 'Provider steps',
  verify: 'Verify',
  map: 'Map groups',
  done: 'Done',
};

/** URL hash of the wizard, for one connection or for its start page. */
export function wizardHash(connectionId?: string): string {
  return connectionId === undefined ? '#setup' : `#setup?connection=${encodeURIComponent(connectionId)}`;
}
