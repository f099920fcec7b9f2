/** A configuration problem the user must fix. Its message names the key, the value and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
