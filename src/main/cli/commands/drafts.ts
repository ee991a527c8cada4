import type { Command } from 'commander';
import { Option } from 'commander';
import type { Draft, DraftDiff, DraftSummary, RoleDiffEntry } from '../../../shared/api.ts';
import { applyDraft } from '../../engine/drafts/apply.ts';
import { listDiscardedDrafts, type DiscardedDraft } from '../../engine/drafts/discarded.ts';
import { discardDraft } from '../../engine/drafts/handlers.ts';
import { DraftStore } from '../../engine/drafts/store.ts';
import { computeDraftDiff } from '../../engine/drafts/what-if.ts';
import type { Engine } from '../../engine/engine.ts';
import { SnapshotStore } from '../../engine/snapshots/store.ts';
import { CLI_ACTOR, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines, quoteArgument } from '../output.ts';
import { grantText } from './access.ts';
import { describeCounts, formatDiffTable, runGuarded } from './access-guard.ts';
import { describeAmbiguity } from './snapshots.ts';

type DiffFilter = { kind?: RoleDiffEntry['kind']; user?: string; workspace?: string; group?: string };

/** `scimdesk draft …`: named sets of mapping changes, reviewed with their what-if before they apply. */
export function registerDrafts(program: Command): void {
  const draft = program
    .command('draft')
    .description('Prepare mapping changes as a draft, see who gains and loses access, then apply or discard them.');

  draft
    .command('create')
    .description('Create an empty draft; add changes with "scimdesk mapping add|remove --draft NAME".')
    .argument('<name>', 'the draft name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const created = drafts(engine).create(name, CLI_ACTOR, engine.clock.now().toISOString());
        const draftArgument = quoteArgument(created.name);
        options.json
          ? printJson(created)
          : printLines(`Created the draft "${created.name}". Add changes with "scimdesk mapping add --draft ${draftArgument} ..." or "scimdesk mapping remove --draft ${draftArgument} ...".`);
      }, { createStore: true });
    });

  draft
    .command('list')
    .description('List the drafts: open ones first, then applied ones, then with --discarded the discarded ones.')
    .option('--discarded', 'also list discarded drafts, as the event log recorded them (their changes are not kept)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { discarded?: boolean }>();
      await withEngine(options, (engine) => {
        const list = drafts(engine).list();
        const discarded = listDiscardedDrafts(engine.db);
        if (options.json) {
          printJson(options.discarded ? { drafts: list, discarded } : list);
          return;
        }
        printLines(...describeDraftList(list, options.discarded ? discarded : [], options.discarded ? 0 : discarded.length));
      });
    });

  draft
    .command('show')
    .description('Show a draft\'s changes, and which of them no longer apply.')
    .argument('<name>', 'the draft name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const shown = drafts(engine).getByName(name);
        options.json ? printJson(shown) : printLines(...describeDraft(shown));
      });
    });

  draft
    .command('diff')
    .description('Show who gains, loses or changes role if the draft is applied, and through which group.')
    .argument('<name>', 'the draft name')
    .option('--snapshot <name>', 'evaluate against an imported snapshot instead of the live directory')
    .addOption(new Option('--kind <kind>', 'list only this kind of change').choices(['gained', 'lost', 'changed']))
    .option('--user <text>', 'list only users whose userName contains this text')
    .option('--workspace <name>', 'list only changes in this workspace ("organization" for the organization role)')
    .option('--group <text>', 'list only changes whose group behind it contains this text')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & DiffFilter & { snapshot?: string }>();
      await withEngine(options, (engine) => {
        const target = drafts(engine).getByName(name);
        const snapshotId = options.snapshot === undefined ? undefined : new SnapshotStore(engine.db).getByName(options.snapshot).id;
        const result = computeDraftDiff(engine.db, target, snapshotId);
        const entries = filterEntries(result.diff.entries, options);
        if (options.json) {
          printJson({ ...result, diff: { ...result.diff, entries } });
          return;
        }
        printLines(...describeDiff(result, entries));
      });
    });

  draft
    .command('apply')
    .description('Apply the draft in one transaction with one audit event; needs --yes when it lowers access for too many users.')
    .argument('<name>', 'the draft name')
    .option('--yes', 'confirm when the draft lowers access for more than the allowed share of users')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { yes?: boolean }>();
      await withEngine(options, (engine) => {
        const target = drafts(engine).getByName(name);
        const applied = runGuarded(options.yes, `"scimdesk draft diff ${quoteArgument(target.name)}"`, (confirmation) => applyDraft(engine, target.id, CLI_ACTOR, confirmation));
        options.json
          ? printJson(applied)
          : printLines(`Applied the draft "${applied.draft.name}" as event ${applied.eventId}. ${describeCounts(applied.diff)}`);
      });
    });

  draft
    .command('discard')
    .description('Discard an open draft; the live mappings stay as they are.')
    .argument('<name>', 'the draft name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const target = drafts(engine).getByName(name);
        discardDraft(engine, target.id, CLI_ACTOR);
        options.json ? printJson({ discarded: target.name }) : printLines(`Discarded the draft "${target.name}". No mapping changed.`);
      });
    });
}

/** Lines of `draft list`: a table of the drafts (with the discarded ones given), or a note when there are none. */
function describeDraftList(list: DraftSummary[], discarded: DiscardedDraft[], hiddenDiscards: number): string[] {
  const rows = list.map((item) => [item.name, String(item.changeCount), item.appliedAt === null ? 'open' : `applied ${item.appliedAt} (event ${item.appliedEventId})`, item.createdAt]);
  for (const item of discarded) {
    const by = item.discardedBy === null ? '' : ` by ${item.discardedBy}`;
    rows.push([item.name, '-', `discarded ${item.discardedAt}${by} (event ${item.eventId})`, '-']);
  }
  const note = hiddenDiscards === 0 ? [] : [`${hiddenDiscards} discarded draft${hiddenDiscards === 1 ? '' : 's'} not shown: list them with --discarded.`];
  if (rows.length === 0) {
    return ['No drafts yet. Create one with "scimdesk draft create NAME".', ...note];
  }
  return [formatTable(['NAME', 'CHANGES', 'STATE', 'CREATED'], rows), ...note];
}

function drafts(engine: Engine): DraftStore {
  return new DraftStore(engine.db, engine.workspaces);
}

function describeDraft(draft: Draft): string[] {
  const state = draft.appliedAt === null ? 'open' : `applied ${draft.appliedAt} by ${draft.appliedBy} (event ${draft.appliedEventId})`;
  const lines = [`Draft "${draft.name}": ${state}, created ${draft.createdAt} by ${draft.createdBy}.`];
  if (draft.changes.length === 0) {
    return [...lines, 'It has no changes yet. Add some with "scimdesk mapping add|remove --draft NAME".'];
  }
  const rows = draft.changes.map((change) => [
    change.action === 'add' ? '+ add' : '- remove',
    change.groupName + (change.groupId === null ? ' (no live group yet)' : ''),
    change.connectionName ?? '-',
    grantText(change.grant, change.workspaceName),
    change.problem ?? '',
  ]);
  return [...lines, formatTable(['CHANGE', 'GROUP', 'CONNECTION', 'GRANT', 'PROBLEM'], rows)];
}

function describeDiff(result: DraftDiff, entries: RoleDiffEntry[]): string[] {
  const source = result.source.kind === 'live' ? 'the live directory' : `the snapshot "${result.source.snapshotName}"`;
  const lines = [`Draft "${result.draft.name}" against ${source}: ${describeCounts(result.diff)}`];
  if (result.source.unmatchedGroups.length > 0) {
    lines.push(`Snapshot groups that match no live group, so live mappings do not apply to them: ${result.source.unmatchedGroups.join(', ')}.`);
  }
  if (result.source.ambiguousGroups.length > 0) {
    lines.push(...describeAmbiguity(result.source.ambiguousGroups, result.source.snapshotName ?? ''));
  }
  if (result.guardrail !== null && result.guardrail.status !== 'allowed') {
    lines.push(`Guardrail: ${result.guardrail.message}`);
  }
  if (entries.length === 0) {
    lines.push(result.diff.entries.length === 0 ? 'No one\'s access changes.' : 'No change matches the filters.');
    return lines;
  }
  if (entries.length < result.diff.entries.length) {
    lines.push(`Showing ${entries.length} of ${result.diff.entries.length} changes that match the filters.`);
  }
  return [...lines, formatDiffTable(entries)];
}

function filterEntries(entries: RoleDiffEntry[], filter: DiffFilter): RoleDiffEntry[] {
  const user = filter.user?.toLowerCase();
  const workspace = filter.workspace?.toLowerCase();
  const group = filter.group?.toLowerCase();
  return entries.filter(
    (entry) =>
      (filter.kind === undefined || entry.kind === filter.kind) &&
      (user === undefined || entry.userName.toLowerCase().includes(user)) &&
      (workspace === undefined || (entry.workspaceName ?? 'organization').toLowerCase() === workspace) &&
      (group === undefined || entry.groups.some((item) => item.groupName.toLowerCase().includes(group))),
  );
}
