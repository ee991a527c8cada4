/**
 * Types for identity-provider profiles: how each provider configures, authenticates to and calls a
 * SCIM 2.0 service provider. Imported by the Node engine and by the React renderer, so this module
 * and its siblings contain only data and pure functions.
 */

/** Identifier of a supported identity provider. */
export type ProviderId =
  | 'okta'
  | 'entra'
  | 'google'
  | 'cyberark'
  | 'jumpcloud'
  | 'onelogin'
  | 'pingfederate'
  | 'rippling';

/** All provider ids, in the order the console lists them. */
export const PROVIDER_IDS: readonly ProviderId[] = [
  'okta',
  'entra',
  'google',
  'cyberark',
  'jumpcloud',
  'onelogin',
  'pingfederate',
  'rippling',
];

/** Way a provider can authenticate its SCIM requests. */
export type AuthMethod = 'bearer' | 'basic' | 'oauth-client-credentials' | 'oauth-authorization-code';

/** Authentication methods ScimDesk issues credentials for, so that the setup wizard can offer them. */
export type CredentialMethod = Exclude<AuthMethod, 'oauth-authorization-code'>;

/** Every credential method, in the order the setup wizard offers them. */
export const CREDENTIAL_METHODS: readonly CredentialMethod[] = ['bearer', 'basic', 'oauth-client-credentials'];

/** HTTP method of a step, or null for a request the provider never sends. */
export type StepMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | null;

/** Category of a step in a provider's request sequence. */
export type StepKind =
  | 'connection-test'
  | 'discovery'
  | 'lookup-user'
  | 'create-user'
  | 'read-user'
  | 'update-user'
  | 'set-manager'
  | 'lookup-group'
  | 'list-groups'
  | 'create-group'
  | 'add-member'
  | 'remove-member'
  | 'replace-members'
  | 'rename-group'
  | 'deactivate-user'
  | 'delete-user'
  | 'delete-group'
  | 'import-users'
  | 'oauth-token'
  | 'setup';

/** Confidence of a request shape: the vendor's own documentation, a third party, or deduced. */
export type Provenance = 'documented-vendor' | 'documented-3p' | 'inferred';

/**
 * One request in a provider's typical sequence.
 *
 * Paths and body strings may contain placeholders such as `{{user:ada}}` or `{{group:editors}}`.
 * Each placeholder is bound by the `captures` of an earlier step.
 */
export interface ProviderStep {
  /** Step name such as `09-add-member`; the number orders the sequence, and `setup-` steps have none. */
  name: string;
  kind: StepKind;
  /** Meaning of the step in ScimDesk's words, such as "Okta's connection test". */
  summary: string;
  /** Null for a request this provider never sends; replay reports such a step as skipped. */
  method: StepMethod;
  /** Path relative to the SCIM base URL, starting with `/`; an `oauth-token` path is relative to the server origin. */
  path: string;
  /** The provider's usual request headers, without Authorization (replay adds it). */
  headers: Record<string, string>;
  /** JSON request body, or a form-encoded string for an `oauth-token` step. */
  body?: unknown;
  /** HTTP statuses a correct service provider may return; empty only when `method` is null. */
  expectStatus: number[];
  /**
   * Placeholder name to a dotted path into the JSON response body, such as `{ 'user:ada': 'id' }`.
   * A path that starts with `Resources.` reads a list response and binds nothing when the list is empty.
   */
  captures?: Record<string, string>;
  provenance: Provenance;
  /** Short reference to the document the request shape comes from. */
  source: string;
}

/** Value that an admin-screen field of a provider fills in. */
export type AdminFieldTarget =
  | 'baseUrl'
  | 'token'
  | 'username'
  | 'password'
  | 'clientId'
  | 'clientSecret'
  | 'tokenUrl'
  | 'uniqueIdentifier'
  | 'other';

/** Field on a provider's provisioning admin screen. */
export interface AdminField {
  /** Label as the provider's admin screen shows it. */
  label: string;
  fills: AdminFieldTarget;
  /** Guidance for the admin, in ScimDesk's words. */
  hint: string;
  /**
   * Credential method the field belongs to, for a field such as an authentication mode whose
   * target does not tell. Fields that fill a credential belong to its method without it.
   */
  method?: CredentialMethod;
}

/**
 * A line of a setup checklist: the same text for every credential method, or one text per
 * method. A method without a text skips the line.
 */
export type SetupStepText = string | Partial<Record<CredentialMethod, string>>;

/** Everything ScimDesk stores about one identity provider. */
export interface ProviderProfile {
  id: ProviderId;
  /** Product name, such as 'Microsoft Entra ID'. */
  displayName: string;
  /** Authentication methods the provider can send. */
  authMethods: AuthMethod[];
  /** Fields of the provider's provisioning screen, in screen order. */
  adminFields: AdminField[];
  /**
   * Usual minutes between a change at the provider and the request reaching ScimDesk.
   * 0 means the provider pushes each change as it happens. Several values are estimates,
   * marked where they are set.
   */
  syncCycleMinutes: number;
  /** Status the provider expects after a user PATCH. */
  userPatchResponse: 200 | 204;
  /** Request shapes and quirks the provider is known for, in ScimDesk's words. */
  quirks: string[];
  /**
   * First line of the setup checklist, with a `{baseUrl}` placeholder: how the provider must be
   * able to reach that URL. The wizard leaves it out when the admin keeps ScimDesk on this computer.
   */
  reachabilityStep: string;
  /**
   * Setup checklist after the reachability line, with `{baseUrl}` and `{token}` placeholders that
   * the console fills in. Only bearer-token lines use `{token}`.
   */
  setupSteps: SetupStepText[];
  /** Typical request sequence, in order. */
  sequence: ProviderStep[];
}
