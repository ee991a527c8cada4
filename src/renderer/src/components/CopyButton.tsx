import { useEffect, useState } from 'react';

type Props = {
  text: string;
  /** Accessible name, e.g. "Copy token". */
  label: string;
  testId?: string;
};

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard and shows whether that worked. */
export function CopyButton({ text, label, testId }: Props) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') {
      return undefined;
    }
    const timer = window.setTimeout(() => setState('idle'), 4000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <span className="copy">
      <button type="button" aria-label={label} data-testid={testId} onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' && 'Copied.'}
        {state === 'failed' && 'Copying failed. Select the text and copy it by hand.'}
      </span>
    </span>
  );
}
