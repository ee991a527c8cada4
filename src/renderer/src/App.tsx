import { AlertBanner } from './screens/overview/AlertBanner.tsx';
import { LogIntegrityBanner } from './screens/reports/LogIntegrityBanner.tsx';
import { SCREENS } from './shell/screens.ts';
import { Sidebar } from './shell/Sidebar.tsx';
import { useHashScreen } from './shell/useHashScreen.ts';

export function App() {
  const current = useHashScreen();
  const screen = SCREENS.find((candidate) => candidate.id === current) ?? SCREENS[0];
  if (screen === undefined) {
    return null;
  }
  const Screen = screen.component;
  return (
    <div className="layout">
      <Sidebar current={current} />
      <main className="content" data-testid={`screen-${screen.id}`}>
        <AlertBanner />
        <LogIntegrityBanner />
        <Screen />
      </main>
    </div>
  );
}
