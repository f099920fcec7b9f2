// PLACEHOLDER until the sast analyzer lands (its own issue): finds nothing, says so in the summary.
import type { Analyzer } from '../types.js';

export const analyzer: Analyzer = {
  name: 'sast',
  rules: () => [],
  async analyze() {
    return { findings: [], notices: [{ level: 'warning', source: 'sast', message: 'sast analyzer not implemented yet' }] };
  },
};
