import { useEffect } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { useServerStore } from '../stores/server.ts';
import { SCREENS, type ScreenId } from './screens.ts';

function ServerInfo() {
  const { info, error, load } = useServerStore();

  useEffect(() => {
    void load();
  }, [load]);

  if (error !== null) {
    return (
      <div className="server-info" role="alert">
        <p className="text-error">{error.message}</p>
        <button type="button" className="button-small" onClick={() => void load()}>
          Retry
        </button>
      </div>
    );
  }
  if (info === null) {
    return null;
  }
  return (
    <div className="server-info" data-testid="server-info">
      <div className="server-info-label">SCIM base URL</div>
      <code data-testid="scim-base-url">{info.scimBaseUrl}</code>
      <CopyButton text={info.scimBaseUrl} label="Copy the SCIM base URL" />
      <div className="muted server-info-version">
        Engine {info.version}, {info.transport === 'ipc' ? 'desktop app' : 'served over HTTP'}
      </div>
    </div>
  );
}

/** Renders the left navigation with the app title, the screens and the engine's SCIM base URL. */
export function Sidebar({ current }: { current: ScreenId }) {
  return (
    <aside className="sidebar">
      <div className="app-title">ScimDesk</div>
      <nav aria-label="Main">
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.id}>
              <a
                href={`#${screen.id}`}
                aria-current={screen.id === current ? 'page' : undefined}
                data-testid={`nav-${screen.id}`}
              >
                {screen.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ServerInfo />
    </aside>
  );
}
