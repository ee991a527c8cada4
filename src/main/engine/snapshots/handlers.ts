import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { compareSnapshot } from './compare.ts';
import { deleteSnapshot, importSnapshot } from './import.ts';
import { SnapshotStore } from './store.ts';

type SnapshotHandlers = Pick<ConsoleHandlers, 'listSnapshots' | 'importSnapshot' | 'deleteSnapshot' | 'compareSnapshot'>;

/** Console API methods of snapshots: import, list, delete and compare with the live directory. */
export function createSnapshotHandlers(engine: Engine, host: HostInfo): SnapshotHandlers {
  const store = new SnapshotStore(engine.db);
  return {
    listSnapshots: () => store.list(),
    importSnapshot: (input) => importSnapshot(engine, input, host.actor),
    deleteSnapshot: (input) => {
      deleteSnapshot(engine, input.snapshotId, host.actor);
      return { ok: true as const };
    },
    compareSnapshot: (input) => compareSnapshot(engine.db, store.loadDirectory(input.snapshotId)),
  };
}
