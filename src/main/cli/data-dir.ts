import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Returns the default data directory: $SCIMDESK_DATA when set, otherwise the
 * folder Electron uses as the app's userData, so that the desktop app and the CLI
 * share one store by default.
 */
export function defaultDataDir(): string {
  // An empty variable counts as unset, so that it never turns into a relative path.
  if (process.env.SCIMDESK_DATA) {
    return process.env.SCIMDESK_DATA;
  }
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'ScimDesk');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'ScimDesk');
    default:
      return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ScimDesk');
  }
}
