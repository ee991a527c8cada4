import type { ConsoleMethod, SyncEvent } from './api.ts';

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

/** Result of an `api:*` call, as the main process returns it. */
export type IpcResult = { ok: true; output: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * The API that the preload script exposes as `window.scimdesk`. Each method resolves with the
 * IpcResult itself. Electron rebuilds an error thrown across the context bridge from its message
 * alone, and the console needs the error's code too.
 */
export type IpcBridge = { [M in ConsoleMethod]: (input: unknown) => Promise<IpcResult> } & {
  subscribeEvents(listener: (event: SyncEvent) => void): () => void;
};

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
  'listGroupsAsOf',
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
  'revokeCredential',
  'issueBasicCredentials',
  'createOAuthClient',
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
