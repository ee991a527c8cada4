import { useEffect, type FormEvent } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { usePermissionsStore } from '../../stores/permissions.ts';
import { UserList } from './UserList.tsx';
import { UserPermissionsPanel } from './UserPermissionsPanel.tsx';

/** Delay between the last keystroke in the search box and the search request. */
const SEARCH_DEBOUNCE_MS = 250;

export function PermissionsScreen() {
  const state = usePermissionsStore();
  const { load, search, selectUser, selectedUserId } = state;

  useEffect(() => {
    const timer = window.setTimeout(() => void load(), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [load, search]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void load();
  };

  return (
    <>
      <header className="screen-header">
        <h1>Permissions</h1>
      </header>
      <form role="search" className="inline-form" onSubmit={submit}>
        <label>
          Search users
          <input
            type="search"
            data-testid="user-search"
            value={search}
            maxLength={200}
            placeholder="user name or display name"
            onChange={(event) => state.setSearch(event.target.value)}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {state.usersError !== null && <ProblemNotice problem={state.usersError} onRetry={() => void load()} />}
      {!state.loaded && state.loading && <Loading what="users" />}
      <div className="split split-wide-list">
        <div>{state.loaded && <UserList users={state.users} selectedUserId={selectedUserId} onSelect={(id) => void selectUser(id)} />}</div>
        <div>
          {state.permissionsError !== null && (
            <ProblemNotice
              problem={state.permissionsError}
              onRetry={selectedUserId === null ? undefined : () => void selectUser(selectedUserId)}
            />
          )}
          {state.loadingPermissions && <Loading what="permissions" />}
          {!state.loadingPermissions && state.permissions !== null && (
            <UserPermissionsPanel permissions={state.permissions} />
          )}
          {selectedUserId === null && (
            <p className="empty">Select a user to see their roles and the groups that grant them.</p>
          )}
        </div>
      </div>
    </>
  );
}
