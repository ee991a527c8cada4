/** Names of event kinds and change types as the console shows them. */
const TYPE_NAMES: Record<string, string> = {
  'scim.request': 'SCIM request',
  'admin.change': 'Admin change',
  alert: 'Alert',
  'user.created': 'User created',
  'user.updated': 'User updated',
  'user.renamed': 'User renamed',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'user.deleted': 'User deleted',
  'group.created': 'Group created',
  'group.renamed': 'Group renamed',
  'group.deleted': 'Group deleted',
  'member.added': 'Member added',
  'member.removed': 'Member removed',
  'role.gained': 'Role gained',
  'role.lost': 'Role lost',
  'role.changed': 'Role changed',
  'mapping.added': 'Mapping added',
  'mapping.removed': 'Mapping removed',
  'role.reason': 'Role reason changed',
  'suggestion.dismissed': 'Suggestion dismissed',
  'suggestion.restored': 'Suggestion restored',
  'bundle.exported': 'Evidence bundle exported',
  'report.exported': 'Report exported',
  'draft.discarded': 'Draft discarded',
  'workspace.renamed': 'Workspace renamed',
  'connection.deleted': 'Connection deleted',
  'workspace.archived': 'Workspace archived',
  'snapshot.imported': 'Snapshot imported',
  'snapshot.deleted': 'Snapshot deleted',
  'settings.changed': 'Settings changed',
  'review.started': 'Access review started',
  'review.decision': 'Access review decision',
  'review.signed-off': 'Access review signed off',
};

/** Returns the display name of an event kind or change type, with the raw type for unknown ones. */
export function describeEventType(type: string): string {
  const name = TYPE_NAMES[type];
  return name === undefined ? type : `${name} (${type})`;
}
