import { useEffect } from 'react';
import { adminFieldsFor, effectiveCredentialMethod, setupStepsFor, type AdminField } from '../../../../shared/providers/index.ts';
import type { ConnectionCredentials } from '../../../../shared/api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { providerProfile } from '../../lib/providers.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { useListenerStore } from '../../stores/listener.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { StepFooter } from './StepFooter.tsx';

type FieldValue = { text: string; copyable: boolean };

/** Returns what the admin enters in a field of the provider's screen. Secrets are referred to, never shown. */
function valueOf(field: AdminField, baseUrl: string, credentials: ConnectionCredentials | undefined): FieldValue {
  switch (field.fills) {
    case 'baseUrl':
      return { text: baseUrl, copyable: true };
    case 'token':
      return { text: 'The bearer token you copied in the Credentials step', copyable: false };
    case 'username':
      return credentials?.basic ? { text: credentials.basic.username, copyable: true } : { text: 'Create Basic credentials first', copyable: false };
    case 'password':
      return { text: 'The password you copied in the Credentials step', copyable: false };
    case 'clientId': {
      const client = credentials?.oauthClients.at(-1);
      return client ? { text: client.clientId, copyable: true } : { text: 'Create an OAuth client first', copyable: false };
    }
    case 'clientSecret':
      return { text: 'The client secret you copied in the Credentials step', copyable: false };
    case 'tokenUrl':
      return { text: credentials?.tokenUrl ?? '', copyable: true };
    default:
      return { text: field.hint, copyable: false };
  }
}

/** Fills a checklist line: the base URL as it is, the token as a reference to the Credentials step. */
function fillStep(step: string, baseUrl: string): string {
  return step.replaceAll('{baseUrl}', baseUrl).replaceAll('{token}', 'the bearer token from the Credentials step');
}

/** Step 4: the provider's own screen, field by field, and its checklist with the values filled in. */
export function ProviderStepsStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const progress = useSetupWizardStore((state) => state.progress)!;
  const { goTo, remember } = useSetupWizardStore();
  const credentials = useConnectionsStore((state) => state.credentials[connection.id]);
  const loadCredentials = useConnectionsStore((state) => state.loadCredentials);
  const { status, load } = useListenerStore();
  const profile = providerProfile(connection.provider);
  const method = effectiveCredentialMethod(profile, progress.state.authMethod);
  const localOnly = (progress.state.reachability ?? 'loopback') === 'loopback';
  const steps = setupStepsFor(profile, method, { localOnly });
  const checked = new Set(progress.state.checkedSteps ?? []);
  const baseUrl = status?.providerBaseUrl ?? connection.scimBaseUrl;

  useEffect(() => {
    void loadCredentials(connection.id);
    void load();
  }, [connection.id, loadCredentials, load]);

  const toggle = (index: number) => {
    const next = new Set(checked);
    if (next.has(index)) {
      next.delete(index);
    } else {
      next.add(index);
    }
    void remember({ checkedSteps: [...next].sort((a, b) => a - b) });
  };

  const fields = adminFieldsFor(profile, method);

  return (
    <section className="card" aria-labelledby="provider-steps-title">
      <h2 id="provider-steps-title">Set up {profile.displayName}</h2>
      <h3>Fields on {profile.displayName}'s provisioning screen</h3>
      <div className="table-scroll">
        <table aria-label="Provider fields" data-testid="provider-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Enter</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const value = valueOf(field, baseUrl, credentials);
              return (
                <tr key={`${field.label}:${field.fills}`}>
                  <th scope="row">{field.label}</th>
                  <td>
                    {value.copyable ? <code>{value.text}</code> : <span className="muted">{value.text}</span>}
                    {value.copyable && <CopyButton text={value.text} label={`Copy the value for ${field.label}`} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>Checklist</h3>
      {localOnly && (
        <p className="notice notice-warning" data-testid="local-only-note">
          You chose to keep ScimDesk on this computer, so {baseUrl} works only here and this checklist leaves out making it public.{' '}
          Only software on this computer can reach it, so a cloud service cannot. To let {profile.displayName} reach ScimDesk from its cloud, go back to Reachability
          and choose a tunnel, another address with a certificate, or a server. The simulator in the next step works as it is.
        </p>
      )}
      <ol className="setup-checklist" data-testid="setup-steps">
        {steps.map((step, index) => (
          <li key={step}>
            <label>
              <input type="checkbox" checked={checked.has(index)} onChange={() => toggle(index)} /> {fillStep(step, baseUrl)}
            </label>
          </li>
        ))}
      </ol>
      <StepFooter
        onBack={() => void goTo('credentials')}
        onContinue={() => void goTo('verify')}
        hint={`${checked.size} of ${steps.length} steps ticked`}
      />
    </section>
  );
}
