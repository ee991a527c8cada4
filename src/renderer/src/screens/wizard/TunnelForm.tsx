import { useState, type FormEvent } from 'react';
import { useListenerStore } from '../../stores/listener.ts';

/** Renders the form for the public URL of a tunnel or reverse proxy in front of the loopback listener. */
export function TunnelForm() {
  const { status, busy, apply } = useListenerStore();
  const [publicUrl, setPublicUrl] = useState(status?.stored?.publicBaseUrl ?? '');
  const active = status?.active;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const stored = status?.stored;
    void apply({
      host: stored?.host ?? active?.host ?? '127.0.0.1',
      port: active?.port ?? stored?.port ?? 8417,
      certPath: stored?.certPath ?? null,
      keyPath: stored?.keyPath ?? null,
      publicBaseUrl: publicUrl.trim() === '' ? null : publicUrl.trim(),
    });
  };

  return (
    <form className="inline-form route-form" aria-label="Public URL" onSubmit={submit}>
      {active !== undefined && active !== null && (
        <p className="muted">
          Point the tunnel or proxy at <code>{new URL(active.baseUrl).origin}</code>, for example{' '}
          <code>cloudflared tunnel --url {new URL(active.baseUrl).origin}</code>.
        </p>
      )}
      <label>
        Public SCIM base URL
        <input
          data-testid="public-url"
          type="url"
          placeholder="https://scim.example.com/scim/v2"
          value={publicUrl}
          onChange={(event) => setPublicUrl(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {publicUrl.trim() === '' ? 'Use the listener address' : 'Use this URL'}
      </button>
    </form>
  );
}
