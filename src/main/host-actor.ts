import { userInfo } from 'node:os';

/**
 * Returns the actor that a host records in the events of the changes it makes: the host's
 * kind with the operating-system user running it, such as "cli (alice)", so that an
 * auditor can tell who changed a mapping. Returns the kind alone when the user is unknown.
 */
export function hostActor(kind: 'cli' | 'console'): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // userInfo throws when the user has no entry in the system's user database, as in some containers.
    name = process.env.USER ?? process.env.USERNAME;
  }
  return name === undefined || name === '' ? kind : `${kind} (${name})`;
}
