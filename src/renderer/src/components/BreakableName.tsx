import { Fragment } from 'react';

/**
 * Renders a name such as an e-mail address with line-break opportunities before each `@` and
 * after each `.`, so that a narrow column wraps it at those points instead of mid-word.
 */
export function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?=@)|(?<=\.)/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
