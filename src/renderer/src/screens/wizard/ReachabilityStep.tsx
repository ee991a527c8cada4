import { useEffect, useState } from 'react';
import type { SetupState } from '../../../../shared/api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { providerProfile } from '../../lib/providers.ts';
import { useListenerStore } from '../../stores/listener.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { BindAddressForm } from './BindAddressForm.tsx';
import { StepFooter } from './StepFooter.tsx';
import { TunnelForm, tunnelSettings, tunnelUrlUnsaved } from './TunnelForm.tsx';

type Route = NonNullable<SetupState['reachability']>;

const ROUTES: { id: Route; title: string; text: string }[] = [
  {
    id: 'loopback',
    title: 'Keep it on this computer',
    text: 'ScimDesk listens on 127.0.0.1, which only this computer reaches. Choose this to try the connection with the built-in simulator, or when the provider runs on this computer.',
  },
  {
    id: 'tunnel',
    title: 'Tunnel or reverse proxy',
    text: 'A tunnel (for example Cloudflare Tunnel or ngrok) or a reverse proxy with its own HTTPS certificate forwards a public https:// address to ScimDesk on 127.0.0.1. Enter that public address below so that every step shows it.',
  },
  {
    id: 'bind',
    title: 'Bind another address with a certificate',
    text: 'ScimDesk listens on another address of this computer and serves HTTPS with a certificate and key you choose. The provider must be able to reach that address.',
  },
  {
    id: 'server',
    title: 'Run ScimDesk on a server',
    text: 'Run the same engine headless on a server with a public name, then set the connection up in that server’s console:',
  },
];

/** Renders the form or command that belongs to the chosen route, under it. */
function RouteDetails({ route, publicUrl, onPublicUrlChange }: { route: Route; publicUrl: string; onPublicUrlChange: (publicUrl: string) => void }) {
  if (route === 'tunnel') {
    return <TunnelForm publicUrl={publicUrl} onPublicUrlChange={onPublicUrlChange} />;
  }
  if (route === 'bind') {
    return <BindAddressForm />;
  }
  if (route === 'server') {
    return (
      <pre className="command" data-testid="server-command">
        scimdesk serve --data /var/lib/scimdesk --host 0.0.0.0 --scim-port 443 \{'\n'}  --tls-cert /etc/scimdesk/cert.pem --tls-key /etc/scimdesk/key.pem
      </pre>
    );
  }
  return null;
}

/** Step 2: where the provider reaches ScimDesk, and how. */
export function ReachabilityStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const progress = useSetupWizardStore((state) => state.progress)!;
  const { goTo, remember } = useSetupWizardStore();
  const { status, load, apply, busy, error, clearError } = useListenerStore();
  const route = progress.state.reachability ?? 'loopback';
  const profile = providerProfile(connection.provider);
  // Null until the admin types, so that the stored URL shows once the status has loaded.
  const [typedPublicUrl, setTypedPublicUrl] = useState<string | null>(null);
  const publicUrl = typedPublicUrl ?? status?.stored?.publicBaseUrl ?? '';

  const proceed = async () => {
    // A URL typed without "Use this URL" is applied here rather than dropped.
    if (route === 'tunnel' && tunnelUrlUnsaved(status, publicUrl) && !(await apply(tunnelSettings(status, publicUrl)))) {
      return;
    }
    await goTo('credentials', { reachability: route });
  };

  useEffect(() => {
    void load();
  }, [load]);

  // The checklist's lines depend on the route, so ticks made for another route would mark other lines.
  const chooseRoute = (next: Route) => remember(next === route ? { reachability: next } : { reachability: next, checkedSteps: [] });

  const providerUrl = status?.providerBaseUrl ?? connection.scimBaseUrl;
  const onLoopback = /^http:\/\/(127\.|localhost|\[::1\])/.test(providerUrl);

  return (
    <section className="card" aria-labelledby="reachability-title">
      <h2 id="reachability-title">How {profile.displayName} reaches ScimDesk</h2>
      <dl className="secret-list">
        <dt>SCIM base URL</dt>
        <dd>
          <code data-testid="wizard-base-url">{providerUrl}</code>
          <CopyButton text={providerUrl} label="Copy the SCIM base URL" />
        </dd>
      </dl>
      {onLoopback && (
        <p className="notice notice-warning" data-testid="loopback-note">
          This address works only on this computer. {profile.displayName} calls from its own servers, so it needs a public HTTPS address:
          choose a tunnel, another address with a certificate, or a server below. The simulator works with this address as it is.
        </p>
      )}
      <fieldset className="route-list">
        <legend>Route</legend>
        {ROUTES.map((option) => (
          <div key={option.id}>
            <label className="route-option">
              <input type="radio" name="route" value={option.id} checked={route === option.id} onChange={() => void chooseRoute(option.id)} />
              <span>
                <strong>{option.title}</strong>
                <span className="muted route-text">{option.text}</span>
              </span>
            </label>
            {route === option.id && <RouteDetails route={option.id} publicUrl={publicUrl} onPublicUrlChange={setTypedPublicUrl} />}
          </div>
        ))}
      </fieldset>
      {error !== null && <ProblemNotice problem={error} onDismiss={clearError} testId="listener-problem" />}
      <StepFooter
        onContinue={() => void proceed()}
        continueDisabled={busy}
        hint={route === 'tunnel' && publicUrl.trim() === '' && onLoopback ? 'No public URL yet: later steps will show the loopback address.' : undefined}
      />
    </section>
  );
}
