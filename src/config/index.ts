export { loadConfig, parseConfigFile, type ConfigSources } from './load.js';
export { ConfigError } from './errors.js';
export { OPTIONS, OPTION_BY_KEY, type OptionSpec } from './options.js';
export type { Config, AnalyzerId, ComplexityThresholds } from './types.js';
