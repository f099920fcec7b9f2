/**
 * Resolved configuration. Action inputs and `.github/pr-sentinel.yml` use the same kebab-case keys;
 * the loader maps them to these camelCase fields after validation.
 */
import type { Severity } from '../findings/types.js';

export type AnalyzerId = 'secrets' | 'sast' | 'deps' | 'complexity';

export interface ComplexityThresholds {
  cyclomaticWarning: number; // > this → medium finding (default 10)
  cyclomaticCritical: number; // > this → high/critical finding (default 20)
  cognitive: number; // default 15
  nesting: number; // default 4
  length: number; // lines, default 80
  params: number; // default 6
}

export interface Config {
  /** Which analyzers run. Default: all four deterministic ones. */
  analyzers: AnalyzerId[];
  /** Globs (picomatch) of paths to analyse; empty = everything. */
  include: string[];
  /** Globs of paths to skip, on top of the defaults. */
  exclude: string[];
  /** Skip generated, vendored, minified and lock files (lock files still go to deps). Default true. */
  skipGenerated: boolean;
  /** Files larger than this (bytes) are skipped with a notice. Default 1 MiB. */
  maxFileSize: number;
  /** Findings below this severity are dropped from every output. Default 'low'. */
  minSeverity: Severity;
  /** Gate: the run fails when a finding at or above this severity exists. 'none' disables. Default 'high'. */
  failOn: Severity | 'none';
  /** Max inline review comments per run. Default 30. */
  maxComments: number;
  reviewComments: boolean;
  annotations: boolean;
  /** Write SARIF here (relative to workspace). Default 'pr-sentinel.sarif'. */
  sarifFile: string;
  uploadSarif: boolean;
  sarifCategory: string;
  /** Baseline file of accepted fingerprints (JSON). Optional. */
  baselineFile?: string;
  /** Paths (globs) where secrets findings are ignored, e.g. test fixtures. */
  secretsAllowPaths: string[];
  complexity: ComplexityThresholds;
  /** Per-language / per-path overrides: [{ languages?, paths?, ...partial thresholds }]. */
  complexityOverrides: Array<Partial<ComplexityThresholds> & { languages?: string[]; paths?: string[] }>;
  /** OSV API base URL. Default https://api.osv.dev (overridable by PR_SENTINEL_OSV_URL). */
  osvUrl: string;
  /** AI provider chain, e.g. ["openai:gpt-4.1-mini", "gemini:gemini-2.5-flash"]. Empty = AI off. */
  aiProviders: string[];
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  geminiApiKey?: string;
  geminiBaseUrl?: string;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  /** Max tokens (in + out) for the whole AI review. Default 200000. */
  aiTokenBudget: number;
  /** Max estimated USD cost for the AI review. Default 1.0. */
  aiCostBudget: number;
  /** Price overrides: { "model": { "input": usdPerMTok, "output": usdPerMTok } } */
  aiPriceTable: Record<string, { input: number; output: number }>;
  /** Max AI comments kept. Default 10. */
  aiMaxComments: number;
  /** Per-request timeout for AI providers (ms). Default 60000. */
  aiTimeoutMs: number;
  /** 'offline' (default, shipped model) | 'openai' | 'gemini'. */
  embeddings: 'offline' | 'openai' | 'gemini';
  /** Vector-side similarity threshold for knowledge retrieval. Default 0.75. */
  knowledgeThreshold: number;
  /** Every merged key as written (kebab-case), for analyzer-specific options. */
  raw: Record<string, unknown>;
}
