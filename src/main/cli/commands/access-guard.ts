import type { RoleDiff, RoleDiffEntry } from '../../../shared/api.ts';
import type { LossConfirmation } from '../../engine/guardrails/check.ts';
import { formatShare } from '../../engine/guardrails/check.ts';
import { GuardrailError } from '../../engine/guardrails/errors.ts';
import { CliError } from '../context.ts';
import { formatTable } from '../output.ts';

/** Exit code of a change a guardrail refused: it would leave the organization with no admin. */
export const EXIT_REFUSED = 3;
/** Exit code of a change that needs --yes: it removes or lowers access for more than the allowed share of users. */
export const EXIT_NEEDS_CONFIRMATION = 4;

/** The confirmation `--yes` gives: any number of users may lose access. */
const CONFIRM_ANY_LOSS: LossConfirmation = { confirmedLossCount: Number.POSITIVE_INFINITY };

/**
 * Runs a guarded change with the confirmation of `--yes` when given, and turns a
 * guardrail's verdict into a one-line error with its own exit code: 3 when refused,
 * 4 when the change needs --yes. `review` names the command that shows who loses access.
 */
export function runGuarded<T>(yes: boolean | undefined, review: string, change: (confirmation: LossConfirmation | undefined) => T): T {
  try {
    return change(yes ? CONFIRM_ANY_LOSS : undefined);
  } catch (error) {
    if (!(error instanceof GuardrailError)) {
      throw error;
    }
    const verdict = error.verdict;
    if (verdict.status === 'refused') {
      throw new CliError(error.message, EXIT_REFUSED);
    }
    const share = verdict.totalUsers === 0 ? 0 : verdict.usersLosingAccess / verdict.totalUsers;
    throw new CliError(
      `This change removes or lowers access for ${verdict.usersLosingAccess} of ${verdict.totalUsers} active users (${formatShare(share)}), ` +
        `more than the ${formatShare(verdict.maxLossShare)} that may change without confirmation, so nothing was changed. ` +
        `Review who loses access with ${review}, then run the command again with --yes.`,
      EXIT_NEEDS_CONFIRMATION,
    );
  }
}

/** Describes the counts of a diff in one sentence. */
export function describeCounts(diff: RoleDiff): string {
  const counts = diff.counts;
  const users = (count: number) => (count === 1 ? '1 user' : `${count} users`);
  return (
    `${counts.gained} role${counts.gained === 1 ? '' : 's'} gained, ${counts.lost} lost, ${counts.changed} changed; ` +
    `${users(counts.usersAffected)} affected; ${counts.usersLosingAccess} of ${counts.totalUsers} active users lose or lower access.`
  );
}

/** Formats diff entries as a table: change, user and the connection of their account, scope, roles before and after, and the groups behind. */
export function formatDiffTable(entries: RoleDiffEntry[]): string {
  const rows = entries.map((entry) => [
    entry.kind,
    entry.userName,
    entry.connectionName ?? '-',
    entry.workspaceName ?? 'organization',
    entry.previousRole ?? '-',
    entry.role ?? '-',
    describeBehind(entry),
  ]);
  // The groups behind a role belong to the connection of the user's account, so one column names both.
  return formatTable(['CHANGE', 'USER', 'CONNECTION', 'WHERE', 'FROM', 'TO', 'GROUP BEHIND IT'], rows);
}

function describeBehind(entry: RoleDiffEntry): string {
  const groups = entry.groups.map((group) => group.groupName).join('; ');
  if (entry.viaOrganizationAdmin) {
    return groups === '' ? 'organization admin rule' : `${groups}; organization admin rule`;
  }
  return groups === '' ? '-' : groups;
}
