/** Shared bits of the diff-stage tests. */
import { loadConfig, type Config } from '../../src/config/index.js';

export function config(inputs: Record<string, string> = {}): Config {
  return loadConfig({ inputs, env: {} });
}
