import type { ConsoleMethod } from './api.ts';

/**
 * IPC names shared by the Electron main process and the preload script. This
 * file imports only types, so the sandboxed preload bundle stays free of zod.
 */

/** Channel of one console API call: `api:<method>`. */
export function apiChannel(method: ConsoleMethod): string {
  return `api:${method}`;
}

/** Channel on which the main process pushes each new sync event to the window. */
export const SYNC_EVENT_CHANNEL = 'events:sync-event';

/** What the main process returns for an `api:*` call; the preload turns failures into thrown errors. */
export type IpcResult = { ok: true; output: unknown } | { ok: false; error: { code: string; message: string } };

/** Every console API method, listed for the preload. `test/shared` checks it against `consoleApi`. */
export const CONSOLE_METHOD_NAMES = [
  'getServerInfo',
  'getLogHead',
  'verifyLog',
  'exportReport',
  'exportBundle',
  'getReportExport',
  'listReportExports',
  'revealReportFile',
  'listReviews',
  'startReview',
  'listReviewRows',
  'setReviewDecision',
  'signOffReview',
  'listConnections',
  'createConnection',
  'listWorkspaces',
  'createWorkspace',
  'renameWorkspace',
  'listGroups',
  'listMappings',
  'addMapping',
  'removeMapping',
  'listSuggestions',
  'applySuggestions',
  'listDismissedSuggestions',
  'dismissSuggestion',
  'restoreSuggestion',
  'getSettings',
  'updateSettings',
  'listUsers',
  'getUserPermissions',
  'listEvents',
  'previewChange',
  'archiveWorkspace',
  'getGuardrailSettings',
  'updateGuardrailSettings',
  'listDrafts',
  'createDraft',
  'getDraft',
  'addDraftChange',
  'removeDraftChange',
  'getDraftDiff',
  'applyDraft',
  'discardDraft',
  'listSnapshots',
  'importSnapshot',
  'deleteSnapshot',
  'compareSnapshot',
  'getWorkspaceRoster',
  'getGroupGrants',
  'getAccessMatrix',
  'getUserPermissionsAsOf',
  'getTimeline',
  'startConnectionSetup',
  'getSetupProgress',
  'saveSetupProgress',
  'listSetupProgress',
  'listSetupRequests',
  'listConnectionCredentials',
  'issueToken',
  'rotateToken',
  'revokeToken',
  'issueBasicCredentials',
  'removeBasicCredentials',
  'createOAuthClient',
  'deleteOAuthClient',
  'setConnectionDisabled',
  'describeConnectionRemoval',
  'deleteConnection',
  'getListenerStatus',
  'inspectTlsFiles',
  'applyListenerSettings',
  'startSimulation',
  'getSimulation',
  'queryEvents',
  'countEvents',
  'getEventDetail',
  'getEventTimeline',
  'listEventTypes',
  'listConnectionHealth',
  'listAlerts',
  'acknowledgeAlert',
  'listSyncProgress',
  'getRetention',
  'updateRetention',
  'compactEvents',
] as const satisfies readonly ConsoleMethod[];

// Fails to compile when a method of the contract is missing from the list above.
type MissingMethods = Exclude<ConsoleMethod, (typeof CONSOLE_METHOD_NAMES)[number]>;
const everyMethodListed: MissingMethods extends never ? true : MissingMethods = true;
void everyMethodListed;
