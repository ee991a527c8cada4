import { useEffect, useState } from 'react';
import { screenFromHash, type ScreenId } from './screens.ts';

/** Returns the screen named in the URL hash and follows back and forward navigation. */
export function useHashScreen(): ScreenId {
  const [screen, setScreen] = useState<ScreenId>(() => screenFromHash(window.location.hash));

  useEffect(() => {
    const onHashChange = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  return screen;
}
