import type { FormEvent } from 'react';
import type { ListenerSettings, ListenerStatus } from '../../../../shared/api.ts';
import { useListenerStore } from '../../stores/listener.ts';

/** Returns the listener settings that keep the current address and set the public URL (none when blank). */
export function tunnelSettings(status: ListenerStatus | null, publicUrl: string): ListenerSettings {
  const stored = status?.stored;
  const active = status?.active;
  return {
    host: stored?.host ?? active?.host ?? '127.0.0.1',
    port: active?.port ?? stored?.port ?? 8417,
    certPath: stored?.certPath ?? null,
    keyPath: stored?.keyPath ?? null,
    publicBaseUrl: publicUrl.trim() === '' ? null : publicUrl.trim(),
  };
}

/** Tells whether `publicUrl` differs from the public URL in effect, so that it still has to be applied. */
export function tunnelUrlUnsaved(status: ListenerStatus | null, publicUrl: string): boolean {
  return publicUrl.trim() !== (status?.stored?.publicBaseUrl ?? '');
}

type Props = {
  publicUrl: string;
  onPublicUrlChange: (publicUrl: string) => void;
};

/**
 * Renders the form for the public URL of a tunnel or reverse proxy in front of the loopback
 * listener. The step owns the typed URL, so that Continue can apply it too.
 */
export function TunnelForm({ publicUrl, onPublicUrlChange }: Props) {
  const { status, busy, apply } = useListenerStore();
  const active = status?.active;
  const unsaved = tunnelUrlUnsaved(status, publicUrl);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void apply(tunnelSettings(status, publicUrl));
  };

  return (
    <form className="inline-form route-form" aria-label="Public URL" onSubmit={submit}>
      {active !== undefined && active !== null && (
        <p className="muted">
          Point the tunnel or proxy at <code>{new URL(active.baseUrl).origin}</code>, for example{' '}
          <code>cloudflared tunnel --url {new URL(active.baseUrl).origin}</code>.
        </p>
      )}
      <label className="wide">
        Public SCIM base URL
        <input
          data-testid="public-url"
          type="url"
          placeholder="https://scim.example.com/scim/v2"
          value={publicUrl}
          onChange={(event) => onPublicUrlChange(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || !unsaved}>
        {publicUrl.trim() === '' ? 'Use the listener address' : 'Use this URL'}
      </button>
      {unsaved && (
        <p className="muted" data-testid="public-url-unsaved">
          Not used yet: select {publicUrl.trim() === '' ? '"Use the listener address"' : '"Use this URL"'} or Continue.
        </p>
      )}
    </form>
  );
}
