type Props = {
  title: 'Request' | 'Response';
  /** The stored request (method, path, headers, body) or response (status, headers, body), already redacted by the engine. */
  message: Record<string, unknown>;
  testId: string;
};

/** Renders a stored request or response: its first line, its headers and its JSON body. */
export function MessageView({ title, message, testId }: Props) {
  const headers = typeof message.headers === 'object' && message.headers !== null ? (message.headers as Record<string, unknown>) : {};
  const firstLine = title === 'Request' ? `${String(message.method ?? '')} ${String(message.path ?? '')}` : `Status ${String(message.status ?? '')}`;
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <code className="message-first-line">{firstLine}</code>
      {Object.keys(headers).length > 0 && (
        <table className="message-headers">
          <tbody>
            {Object.entries(headers).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  <code>{String(value)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message.body !== undefined && <pre className="message-body">{typeof message.body === 'string' ? message.body : JSON.stringify(message.body, null, 2)}</pre>}
    </section>
  );
}
