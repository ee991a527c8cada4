import { usePermissionsStore } from '../../stores/permissions.ts';

/** How long to look for a group's row after switching to the Mappings screen, in ms. */
const REVEAL_TIMEOUT_MS = 3000;

/** Opens the Permissions screen with the user's effective permissions selected. */
export function openUserPermissions(userId: string): void {
  void usePermissionsStore.getState().selectUser(userId);
  window.location.hash = '#permissions';
}

/** Opens the Mappings screen and scrolls to the group's row once the screen has loaded it. */
export function openGroupMappings(groupName: string | null): void {
  window.location.hash = '#mappings';
  if (groupName === null) {
    return;
  }
  const started = Date.now();
  const reveal = () => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-group-name]')].find((element) => element.dataset.groupName === groupName);
    if (row !== undefined) {
      row.scrollIntoView({ block: 'center' });
      row.classList.add('row-highlight');
      return;
    }
    if (Date.now() - started < REVEAL_TIMEOUT_MS) {
      window.setTimeout(reveal, 100);
    }
  };
  window.setTimeout(reveal, 0);
}
