import type { GuardrailVerdict } from '../../../shared/api.ts';

/** Effect of a change on access, in the numbers the guardrails judge. */
export interface AccessImpact {
  /** Users who lose a role or get a lower one anywhere. */
  usersLosingAccess: number;
  /** Active users of the organization: the base of the loss share. */
  totalUsers: number;
  adminsBefore: number;
  adminsAfter: number;
  /** userNames of the organization admins who lose that role, for the message. */
  lostAdmins: string[];
}

/** The admin's confirmation of a large change: the number of users they agreed may lose or lower access. */
export interface LossConfirmation {
  confirmedLossCount: number;
}

/** Stage a verdict is given at: a preview, before anything is tried, or an attempt to make the change. Messages differ in tense. */
export type JudgedStage = 'preview' | 'attempt';

/** Maximum number of admin names in a refusal before it adds "and N more". */
const MAX_NAMED_ADMINS = 5;

/**
 * Judges a change by its impact. It is refused when it leaves the organization with no
 * admin while it had at least one. It needs confirmation when it removes or lowers access
 * for more than `maxLossShare` of the active users, unless `confirmation` covers at least
 * that many users. Otherwise it is allowed. `stage` sets the wording of the refusal.
 */
export function judgeImpact(impact: AccessImpact, maxLossShare: number, confirmation?: LossConfirmation, stage: JudgedStage = 'attempt'): GuardrailVerdict {
  const verdict: GuardrailVerdict = {
    status: 'allowed',
    message: null,
    usersLosingAccess: impact.usersLosingAccess,
    totalUsers: impact.totalUsers,
    maxLossShare,
    adminsBefore: impact.adminsBefore,
    adminsAfter: impact.adminsAfter,
  };

  if (impact.adminsBefore > 0 && impact.adminsAfter === 0) {
    return { ...verdict, status: 'refused', message: describeNoAdmin(impact.lostAdmins, stage) };
  }

  const share = impact.totalUsers === 0 ? 0 : impact.usersLosingAccess / impact.totalUsers;
  const confirmed = confirmation !== undefined && confirmation.confirmedLossCount >= impact.usersLosingAccess;
  if (share > maxLossShare && !confirmed) {
    return { ...verdict, status: 'needs-confirmation', message: describeLargeLoss(impact, share, maxLossShare, confirmation) };
  }
  return verdict;
}

/** Formats a share (0 to 1) as a percentage with at most one decimal: 0.125 → "12.5%". */
export function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function describeNoAdmin(lostAdmins: string[], stage: JudgedStage): string {
  const named = lostAdmins.slice(0, MAX_NAMED_ADMINS).join(', ');
  const more = lostAdmins.length > MAX_NAMED_ADMINS ? ` and ${lostAdmins.length - MAX_NAMED_ADMINS} more` : '';
  const removes = stage === 'preview' ? 'It would remove' : 'It removes';
  const losers = lostAdmins.length > 0 ? ` ${removes} the organization admin role from ${named}${more}.` : '';
  const outcome = stage === 'preview' ? 'so it would be refused' : 'so it was refused';
  return `This change would leave the organization with no admin, ${outcome}.${losers} Map another group to organization admin first, then make this change.`;
}

function describeLargeLoss(impact: AccessImpact, share: number, maxLossShare: number, confirmation: LossConfirmation | undefined): string {
  const users = impact.usersLosingAccess === 1 ? '1 user' : `${impact.usersLosingAccess} users`;
  const stale =
    confirmation === undefined
      ? ''
      : ` The confirmation covered ${confirmation.confirmedLossCount}, but the directory changed since.`;
  return (
    `This change removes or lowers access for ${users} of ${impact.totalUsers} active users (${formatShare(share)}), ` +
    `more than the ${formatShare(maxLossShare)} that may change without confirmation.${stale} ` +
    `Review who loses access, then confirm the change for ${impact.usersLosingAccess === 1 ? 'this user' : `these ${users}`}.`
  );
}
