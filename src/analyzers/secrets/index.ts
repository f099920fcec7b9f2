// PLACEHOLDER until the secrets analyzer lands (its own issue): finds nothing, says so in the summary.
import type { Analyzer } from '../types.js';

export const analyzer: Analyzer = {
  name: 'secrets',
  rules: () => [],
  async analyze() {
    return { findings: [], notices: [{ level: 'warning', source: 'secrets', message: 'secrets analyzer not implemented yet' }] };
  },
};
