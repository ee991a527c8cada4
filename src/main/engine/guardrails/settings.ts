import type { GuardrailSettings } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/** Key of the loss share in the `settings` table. */
const MAX_LOSS_SHARE_KEY = 'guardrailMaxLossShare';

/** Share of active users above which a change that removes or lowers access needs confirmation. */
export const DEFAULT_MAX_LOSS_SHARE = 0.1;

/** Reads the guardrail settings, with the default for a value never set or stored out of range. */
export function readGuardrailSettings(db: Db): GuardrailSettings {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(MAX_LOSS_SHARE_KEY) as string | undefined;
  const value = stored === undefined ? undefined : (JSON.parse(stored) as unknown);
  const valid = typeof value === 'number' && value >= 0 && value <= 1;
  return { maxLossShare: valid ? value : DEFAULT_MAX_LOSS_SHARE };
}

/** Stores the guardrail settings. The caller validates the range (0 to 1). */
export function writeGuardrailSettings(db: Db, settings: GuardrailSettings): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    MAX_LOSS_SHARE_KEY,
    JSON.stringify(settings.maxLossShare),
  );
}
