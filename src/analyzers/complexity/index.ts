// PLACEHOLDER until the complexity analyzer lands (its own issue): finds nothing, says so in the summary.
import type { Analyzer } from '../types.js';

export const analyzer: Analyzer = {
  name: 'complexity',
  rules: () => [],
  async analyze() {
    return { findings: [], notices: [{ level: 'warning', source: 'complexity', message: 'complexity analyzer not implemented yet' }] };
  },
};
