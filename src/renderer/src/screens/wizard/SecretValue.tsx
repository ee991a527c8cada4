import { CopyButton } from '../../components/CopyButton.tsx';

type Props = {
  label: string;
  value: string;
  testId: string;
  /** False for a value shown with a secret that is not one itself, such as a user name. */
  secret?: boolean;
};

/**
 * Renders a value of a new credential with a copy button. Secrets among them appear once, because
 * the engine keeps only their hash.
 */
export function SecretValue({ label, value, testId, secret = true }: Props) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code className={secret ? 'secret' : undefined} data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} label={`Copy the ${label.toLowerCase()}`} testId={`copy-${testId}`} />
      </dd>
    </>
  );
}
