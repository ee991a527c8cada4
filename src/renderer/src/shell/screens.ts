import type { ComponentType } from 'react';
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.tsx';
import { EventsScreen } from '../screens/events/EventsScreen.tsx';
import { MappingsScreen } from '../screens/mappings/MappingsScreen.tsx';
import { PermissionsScreen } from '../screens/permissions/PermissionsScreen.tsx';

export type ScreenId = 'connections' | 'mappings' | 'events' | 'permissions';

/** The console's screens in navigation order. Each id is also the URL hash, e.g. `#mappings`. */
export const SCREENS: ReadonlyArray<{ id: ScreenId; title: string; component: ComponentType }> = [
  { id: 'connections', title: 'Connections', component: ConnectionsScreen },
  { id: 'mappings', title: 'Mappings', component: MappingsScreen },
  { id: 'events', title: 'Live events', component: EventsScreen },
  { id: 'permissions', title: 'Permissions', component: PermissionsScreen },
];

export const DEFAULT_SCREEN: ScreenId = 'connections';

/** Returns the screen named by a URL hash such as `#events`, or the default screen. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((screen) => screen.id === id)?.id ?? DEFAULT_SCREEN;
}
