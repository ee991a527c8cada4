/**
 * Names a group with its connection, as in "admins from Okta", for the labels of controls that
 * act on it. Two connections may push groups of the same name, and a screen reader would
 * otherwise read their controls the same.
 */
export function groupLabel(displayName: string, connectionName: string): string {
  return `${displayName} from ${connectionName}`;
}
