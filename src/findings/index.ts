export * from './types.js';
export { processFindings, compareFindings, countBySeverity, highestSeverity, gateFails, createLineLookup } from './process.js';
export { assignFingerprints, normaliseLine } from './fingerprint.js';
export { isSuppressed, parseSuppression, ruleMatches } from './suppress.js';
export { parseBaseline, renderBaseline } from './baseline.js';
