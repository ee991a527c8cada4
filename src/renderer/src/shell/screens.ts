import type { ComponentType } from 'react';
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.tsx';
import { EventsScreen } from '../screens/events/EventsScreen.tsx';
import { ExplorerScreen } from '../screens/explorer/ExplorerScreen.tsx';
import { MappingsScreen } from '../screens/mappings/MappingsScreen.tsx';
import { OverviewScreen } from '../screens/overview/OverviewScreen.tsx';
import { PermissionsScreen } from '../screens/permissions/PermissionsScreen.tsx';
import { ReportsScreen } from '../screens/reports/ReportsScreen.tsx';
import { ReviewScreen } from '../screens/reports/ReviewScreen.tsx';
import { WizardScreen } from '../screens/wizard/WizardScreen.tsx';

export type ScreenId = 'overview' | 'connections' | 'setup' | 'mappings' | 'events' | 'permissions' | 'explorer' | 'reports' | 'review';

/** The console's screens in navigation order. Each id is also the URL hash, e.g. `#mappings`. */
export const SCREENS: ReadonlyArray<{ id: ScreenId; title: string; component: ComponentType }> = [
  { id: 'overview', title: 'Overview', component: OverviewScreen },
  { id: 'connections', title: 'Connections', component: ConnectionsScreen },
  { id: 'setup', title: 'Setup wizard', component: WizardScreen },
  { id: 'mappings', title: 'Mappings', component: MappingsScreen },
  { id: 'events', title: 'Live events', component: EventsScreen },
  { id: 'permissions', title: 'Permissions', component: PermissionsScreen },
  { id: 'explorer', title: 'Explorer', component: ExplorerScreen },
  { id: 'reports', title: 'Reports', component: ReportsScreen },
  { id: 'review', title: 'Access review', component: ReviewScreen },
];

/** Screen of a URL without a hash. Overview leads to the setup wizard until a connection exists. */
export const DEFAULT_SCREEN: ScreenId = 'overview';

/** Returns the screen named by a URL hash such as `#events` or `#events?status=error`, or the default screen. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return SCREENS.find((screen) => screen.id === id)?.id ?? DEFAULT_SCREEN;
}
