/** `scimdesk draft list` and `draft show` name discarded drafts with their time and actor. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardDraft } from '../../src/main/engine/drafts/handlers.ts';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { runCliSync, type SyncCliResult } from '../helpers/cli.ts';

let dataDir: string;
let discardedAt: string;
let discardEventId: number;

function scimdesk(...args: string[]): SyncCliResult {
  return runCliSync(args, dataDir);
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-drafts-cli-'));
  const engine = Engine.open(dataDir);
  try {
    const store = new DraftStore(engine.db, engine.workspaces);
    store.create('Kept', 'test', engine.clock.now().toISOString());
    const scratch = store.create('Scratch', 'test', engine.clock.now().toISOString());
    discardDraft(engine, scratch.id, 'cli (root)');
    discardEventId = engine.events.headId();
    discardedAt = engine.events.get(discardEventId)!.event.at;
  } finally {
    engine.close();
  }
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('scimdesk draft show', () => {
  it('says when a draft was discarded', () => {
    const run = scimdesk('draft', 'show', 'Scratch');

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `scimdesk: The draft "Scratch" was discarded on ${discardedAt} by cli (root) (event ${discardEventId}), so its changes are no longer kept. Create a new draft to make them again.\n`,
    );
  });
});

describe('scimdesk draft list', () => {
  it('counts the hidden discarded drafts', () => {
    const run = scimdesk('draft', 'list');

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kept');
    expect(run.stdout).not.toContain('Scratch');
    expect(run.stdout).toContain('1 discarded draft not shown: list them with --discarded.');
  });

  it('lists discarded drafts with --discarded', () => {
    const text = scimdesk('draft', 'list', '--discarded');
    const json = scimdesk('draft', 'list', '--discarded', '--json');

    expect(text.stdout).toMatch(new RegExp(`Scratch +- +discarded ${discardedAt} by cli \\(root\\) \\(event ${discardEventId}\\)`));
    expect(JSON.parse(json.stdout).discarded).toEqual([{ name: 'Scratch', discardedAt, discardedBy: 'cli (root)', eventId: discardEventId }]);
    expect(JSON.parse(json.stdout).drafts.map((draft: { name: string }) => draft.name)).toEqual(['Kept']);
  });
});
