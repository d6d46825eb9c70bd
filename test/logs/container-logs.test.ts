import { describe, expect, it } from 'vitest';
import { grepFilterPattern } from '../../src/lib/logs/container/filter-pattern.js';
import { FOLLOW_MAX_MS, FOLLOW_MIN_MS, nextDelay } from '../../src/lib/logs/container/follow.js';
import { shortTaskId, streamTaskId, taskStreamName } from '../../src/lib/logs/container/stream-names.js';

describe('container log helpers', () => {
  it('quotes --grep text as one term, escaping quotes and backslashes', () => {
    expect(grepFilterPattern('timed out')).toBe('"timed out"');
    expect(grepFilterPattern('say "hi"')).toBe('"say \\"hi\\""');
    expect(grepFilterPattern('C:\\x -y ?z')).toBe('"C:\\\\x -y ?z"');
  });

  it('backs off from 1 s to 10 s while nothing is new, and returns to 1 s on news', () => {
    let d = FOLLOW_MIN_MS;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      d = nextDelay(d, false);
      seen.push(d);
    }
    expect(seen).toEqual([2000, 4000, 8000, 10000, 10000, 10000]);
    expect(nextDelay(FOLLOW_MAX_MS, true)).toBe(FOLLOW_MIN_MS);
  });

  it('names streams <prefix>/<container>/<task-id> and reads the task back', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const s = taskStreamName({ group: '/g', container: 'app', streamPrefix: 'rails' }, id);
    expect(s).toBe(`rails/app/${id}`);
    expect(streamTaskId(s)).toBe(id);
    expect(shortTaskId(id)).toBe('01234567');
  });
});
