import { useEffect, useState } from 'react';

/** Returns a query parameter of the URL hash, such as `connection` in `#setup?connection=…`, and follows changes. */
export function useHashParameter(name: string): string | null {
  const read = (): string | null => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(name);
  const [value, setValue] = useState<string | null>(read);

  useEffect(() => {
    const onHashChange = () => setValue(read());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  });

  return value;
}
