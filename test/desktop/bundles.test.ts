/**
 * The desktop app's bundles, which `npm test` builds before this runs. The Electron
 * binary is not always available to start them, so this at least has Node parse
 * each one: a bundling mistake such as a top-level name declared twice would
 * otherwise show only when the app starts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT_DIR = join(import.meta.dirname, '..', '..', 'out');
const BUNDLES = [join(OUT_DIR, 'main', 'index.js'), join(OUT_DIR, 'preload', 'index.cjs')];
const built = BUNDLES.every((bundle) => existsSync(bundle));

if (!built) {
  console.log(`The desktop bundles are not built (run npm run build), so their syntax check is skipped: ${BUNDLES.join(', ')}`);
}

describe.skipIf(!built)('desktop bundles', () => {
  it.each(BUNDLES)('parses %s', (bundle) => {
    expect(() => execFileSync(process.execPath, ['--check', bundle], { stdio: 'pipe' })).not.toThrow();
  });
});
