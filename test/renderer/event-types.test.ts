/** Names of event kinds and change types in the Live events screen. */
import { describe, expect, it } from 'vitest';

import { describeEventType } from '../../src/renderer/src/screens/events/event-types.ts';

describe('describeEventType', () => {
  it.each([
    ['workspace.renamed', 'Workspace renamed (workspace.renamed)'],
    ['draft.discarded', 'Draft discarded (draft.discarded)'],
    ['review.signed-off', 'Access review signed off (review.signed-off)'],
    ['role.gained', 'Role gained (role.gained)'],
    ['suggestion.dismissed', 'Suggestion dismissed (suggestion.dismissed)'],
  ])('names %s', (type, name) => {
    expect(describeEventType(type)).toBe(name);
  });

  it('keeps an unknown type as written', () => {
    expect(describeEventType('something.new')).toBe('something.new');
  });
});
