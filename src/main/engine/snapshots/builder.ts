import type { SnapshotProblem } from '../../../shared/api.ts';

/** A user of a membership export. */
export interface ParsedUser {
  userName: string;
  displayName: string | null;
  email: string | null;
  /** The identity provider's own id of the user, such as an Okta or Entra object id. */
  externalId: string | null;
  active: boolean;
}

/** A group of a membership export. */
export interface ParsedGroup {
  displayName: string;
  /** The identity provider's own id of the group (Okta or Entra object id, Google group email). */
  externalId: string | null;
  email: string | null;
}

/** A whole membership export, ready to store. Memberships are pairs of indexes into `groups` and `users`. */
export interface ParsedSnapshot {
  users: ParsedUser[];
  groups: ParsedGroup[];
  memberships: [groupIndex: number, userIndex: number][];
}

/** Maximum length of a name or id in an export, in characters. */
export const MAX_VALUE_LENGTH = 1_000;

/**
 * Collects the users, groups and memberships of an export row by row, merging repeats,
 * and the problems of bad rows. The import stores the result only when no row had a problem.
 */
export class SnapshotBuilder {
  readonly problems: SnapshotProblem[] = [];
  private readonly users: ParsedUser[] = [];
  private readonly groups: ParsedGroup[] = [];
  private readonly usersByName = new Map<string, number>();
  private readonly groupsByKey = new Map<string, number>();
  private readonly memberships = new Set<string>();

  /** Records a problem of one line (null for the whole file). */
  problem(line: number | null, message: string): void {
    this.problems.push({ line, message });
  }

  /** Adds a user, or merges it into the user of the same userName (case-insensitive); returns its index. */
  addUser(user: ParsedUser): number {
    const key = user.userName.toLowerCase();
    const existing = this.usersByName.get(key);
    if (existing !== undefined) {
      const known = this.users[existing]!;
      known.displayName ??= user.displayName;
      known.email ??= user.email;
      known.externalId ??= user.externalId;
      return existing;
    }
    this.users.push({ ...user });
    this.usersByName.set(key, this.users.length - 1);
    return this.users.length - 1;
  }

  /**
   * Adds a group, or returns the group already added with the same external id, or with
   * the same displayName (case-insensitive) when neither has an external id.
   */
  addGroup(group: ParsedGroup): number {
    const key = group.externalId !== null ? `id:${group.externalId}` : `name:${group.displayName.toLowerCase()}`;
    const existing = this.groupsByKey.get(key);
    if (existing !== undefined) {
      const known = this.groups[existing]!;
      known.email ??= group.email;
      return existing;
    }
    this.groups.push({ ...group });
    this.groupsByKey.set(key, this.groups.length - 1);
    return this.groups.length - 1;
  }

  addMembership(groupIndex: number, userIndex: number): void {
    this.memberships.add(`${groupIndex}:${userIndex}`);
  }

  /** Returns the export, or undefined when a problem was recorded. */
  build(): ParsedSnapshot | undefined {
    if (this.problems.length > 0) {
      return undefined;
    }
    const memberships = [...this.memberships].map((pair) => {
      const [group, user] = pair.split(':').map(Number);
      return [group!, user!] as [number, number];
    });
    return { users: this.users, groups: this.groups, memberships };
  }
}

/**
 * Checks a required text value of a row: returns it trimmed, or records a problem naming
 * the column and returns undefined when it is missing or too long.
 */
export function requireValue(builder: SnapshotBuilder, line: number | null, value: unknown, column: string): string | undefined {
  const text = textOf(value);
  if (text === '') {
    builder.problem(line, `${column} is missing.`);
    return undefined;
  }
  if (text.length > MAX_VALUE_LENGTH) {
    builder.problem(line, `${column} is longer than ${MAX_VALUE_LENGTH} characters.`);
    return undefined;
  }
  return text;
}

/** Returns an optional text value trimmed, or null when it is missing, empty or not text. Too long values are cut. */
export function optionalValue(value: unknown): string | null {
  const text = textOf(value);
  return text === '' ? null : text.slice(0, MAX_VALUE_LENGTH);
}

/**
 * Reads a status or enabled flag. An empty value, true, yes, 1, enabled and the Okta
 * statuses of accounts that can sign in (ACTIVE, PROVISIONED, RECOVERY, PASSWORD_EXPIRED,
 * LOCKED_OUT) mean active. False, no, 0, disabled, inactive, deactivated, archived and the
 * Okta statuses STAGED, SUSPENDED and DEPROVISIONED mean inactive. Returns undefined for
 * any other text.
 */
export function readActive(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  const text = optionalValue(value)?.toLowerCase().replace(/[\s_-]/g, '') ?? '';
  if (['', 'true', 'yes', '1', 'active', 'enabled', 'provisioned', 'recovery', 'passwordexpired', 'lockedout'].includes(text)) {
    return true;
  }
  if (['false', 'no', '0', 'staged', 'suspended', 'deprovisioned', 'disabled', 'inactive', 'deactivated', 'archived'].includes(text)) {
    return false;
  }
  return undefined;
}

/** Reads a JSON or CSV value as trimmed text; values that are neither text nor numbers read as ''. */
function textOf(value: unknown): string {
  if (typeof value === 'string') {
    return value.trim();
  }
  return typeof value === 'number' ? String(value) : '';
}
