import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
export const TOOL = { name: 'pr-sentinel' as const, version: VERSION };
