import type { AnalyzerId } from '../config/types.js';
import type { Analyzer } from './types.js';
import { analyzer as secrets } from './secrets/index.js';
import { analyzer as sast } from './sast/index.js';
import { analyzer as deps } from './deps/index.js';
import { analyzer as complexity } from './complexity/index.js';

/** Registry: the order here is the order they run and appear in the summary. */
export const ANALYZERS: Record<AnalyzerId, Analyzer> = { secrets, sast, deps, complexity };
