import { describe, expect, it } from 'vitest';
import { SEVERITY_RANK } from '../src/findings/types.js';

describe('runtime', () => {
  it('runs the tests under Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(SEVERITY_RANK.critical).toBeGreaterThan(SEVERITY_RANK.high);
  });
});
