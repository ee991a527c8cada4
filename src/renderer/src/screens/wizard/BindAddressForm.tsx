import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useListenerStore } from '../../stores/listener.ts';

/** Returns the label of the apply button for a host that rebinds now or at its next start. */
function applyLabel(busy: boolean, applyMode: string | undefined): string {
  if (busy) {
    return 'Applying…';
  }
  return applyMode === 'live' ? 'Apply now' : 'Save for the next start';
}

/** Renders the form for another bind address with a certificate and key, checked before it is applied. */
export function BindAddressForm() {
  const { status, certificate, busy, inspect, apply } = useListenerStore();
  const stored = status?.stored;
  const [host, setHost] = useState(stored?.host ?? '0.0.0.0');
  const [port, setPort] = useState(String(stored?.port ?? 8443));
  const [certPath, setCertPath] = useState(stored?.certPath ?? '');
  const [keyPath, setKeyPath] = useState(stored?.keyPath ?? '');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void apply({ host: host.trim(), port: Number(port), certPath, keyPath, publicBaseUrl: stored?.publicBaseUrl ?? null });
  };

  return (
    <form className="route-form" aria-label="Bind address" onSubmit={submit}>
      <p className="muted">The files are read on the computer that runs the ScimDesk engine. The key must not be encrypted.</p>
      <div className="form-row">
        <label>
          Address
          <input data-testid="bind-host" value={host} onChange={(event) => setHost(event.target.value)} />
        </label>
        <label>
          Port
          <input data-testid="bind-port" type="number" min={0} max={65535} value={port} onChange={(event) => setPort(event.target.value)} />
        </label>
      </div>
      <div className="form-row">
        <label className="wide">
          Certificate file (PEM)
          <input data-testid="cert-path" value={certPath} placeholder="/etc/scimdesk/cert.pem" onChange={(event) => setCertPath(event.target.value)} />
        </label>
        <label className="wide">
          Private key file (PEM)
          <input data-testid="key-path" value={keyPath} placeholder="/etc/scimdesk/key.pem" onChange={(event) => setKeyPath(event.target.value)} />
        </label>
      </div>
      <div className="button-row">
        <button type="button" disabled={busy || certPath === '' || keyPath === ''} onClick={() => void inspect(certPath, keyPath)}>
          Check certificate
        </button>
        <button type="submit" className="button-primary" disabled={busy || certPath === '' || keyPath === ''}>
          {applyLabel(busy, status?.applyMode)}
        </button>
      </div>
      {certificate !== null && (
        <dl className="facts" data-testid="certificate-facts">
          <dt>Subject</dt>
          <dd>{certificate.subject}</dd>
          <dt>Names</dt>
          <dd>{certificate.subjectAltNames.join(', ') || 'none'}</dd>
          <dt>Valid</dt>
          <dd>
            {formatDateTime(certificate.validFrom)} to {formatDateTime(certificate.validTo)} ({certificate.daysLeft} day{certificate.daysLeft === 1 ? '' : 's'} left)
            {certificate.selfSigned && ', self-signed: cloud providers reject it, so use it only for tests'}
          </dd>
        </dl>
      )}
      {status?.lastApply != null && (
        <p className={status.lastApply.state === 'failed' ? 'notice notice-error' : 'notice notice-ok'} role="status" data-testid="apply-result">
          {status.lastApply.message}
        </p>
      )}
    </form>
  );
}
