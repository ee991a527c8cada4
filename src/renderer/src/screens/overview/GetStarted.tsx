import { wizardHash } from '../wizard/steps.ts';

/** Renders the first step for a store with no connection: the setup wizard, and what comes after it. */
export function GetStarted() {
  return (
    <section className="card get-started" aria-labelledby="get-started-title" data-testid="get-started">
      <h2 id="get-started-title">Connect your identity provider</h2>
      <p>
        No identity provider is connected yet, so ScimDesk has no users or groups. The setup wizard creates a connection, shows the SCIM
        base URL and a token to enter in your identity provider, and checks the first request.
      </p>
      <a href={wizardHash()} className="button-link-primary" data-testid="get-started-wizard">
        Start the setup wizard
      </a>
      <ol className="get-started-steps">
        <li>Set up a connection for your identity provider.</li>
        <li>
          Map its groups to roles on the <a href="#mappings">Mappings</a> screen.
        </li>
        <li>
          Watch its requests arrive in <a href="#events">Live events</a>, and check who has which access in{' '}
          <a href="#permissions">Permissions</a>.
        </li>
      </ol>
    </section>
  );
}
