// PLACEHOLDER until the deps analyzer lands (its own issue): finds nothing, says so in the summary.
import type { Analyzer } from '../types.js';

export const analyzer: Analyzer = {
  name: 'deps',
  rules: () => [],
  async analyze() {
    return { findings: [], notices: [{ level: 'warning', source: 'deps', message: 'deps analyzer not implemented yet' }] };
  },
};
