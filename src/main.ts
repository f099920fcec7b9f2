/**
 * GitHub Action shell over `run`: inputs → config (from the base commit) → run → publish → outputs and gate.
 * Whatever fails after the analysis is reported as a notice; the findings already produced are still published.
 */
import * as core from '@actions/core';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from './analyzers/types.js';
import { ConfigError, loadConfig, OPTIONS } from './config/index.js';
import type { Config } from './config/types.js';
import { parseBaseline } from './findings/baseline.js';
import { SEVERITY_RANK, type Notice } from './findings/types.js';
import { createGitHubClient } from './github/client.js';
import { readEvent, type RunEvent } from './diff/index.js';
import { publishToGitHub, readSummaryState } from './report/index.js';
import { run, type Octokit } from './run.js';

const actionLog: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  setSecret: (s) => core.setSecret(s),
};

/** The config file as of the base commit, so a PR cannot weaken its own review. */
async function readBaseConfig(path: string, workspace: string, ev: Partial<RunEvent>, octokit: Octokit | undefined, notices: Notice[]): Promise<{ name: string; text: string } | undefined> {
  const name = `${path}${ev.baseSha ? ` (base ${ev.baseSha.slice(0, 7)})` : ''}`;
  if (ev.baseSha) {
    try {
      const text = execFileSync('git', ['show', `${ev.baseSha}:${path}`], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return { name, text };
    } catch {
      // Not in the local clone (shallow checkout) or not present at base: try the API.
    }
    if (octokit && ev.repository) {
      const [owner, repo] = ev.repository.split('/');
      try {
        const res = await octokit.rest.repos.getContent({ owner: owner!, repo: repo!, path, ref: ev.baseSha });
        const data = res.data as { content?: string; encoding?: string };
        if (data.content) return { name, text: Buffer.from(data.content, (data.encoding as BufferEncoding) ?? 'base64').toString('utf8') };
      } catch (e) {
        if ((e as { status?: number }).status !== 404) {
          notices.push({ level: 'warning', source: 'config', message: `could not read ${path} at the base commit (${(e as Error).message}); using defaults and inputs` });
        }
      }
    }
    return undefined;
  }
  const local = resolve(workspace, path);
  return existsSync(local) ? { name: path, text: readFileSync(local, 'utf8') } : undefined;
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs: Record<string, string> = {};
  for (const spec of OPTIONS) inputs[spec.key] = core.getInput(spec.key);
  for (const spec of OPTIONS) if (spec.secret && inputs[spec.key]) core.setSecret(inputs[spec.key]!);

  const token = inputs['github-token'] || env.GITHUB_TOKEN || '';
  const octokit = token ? createGitHubClient(token, { baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', log: actionLog }) : undefined;
  // Read once here (the base commit locates the config) and handed to the diff stage. A broken event is left for the
  // diff stage to report: the config then comes from the workspace, as for any run without a base commit.
  const event = await readEvent(env, octokit).catch(() => undefined);
  const ev: Partial<RunEvent> = event ?? {};
  const preNotices: Notice[] = [];
  if (!octokit) preNotices.push({ level: 'warning', source: 'github', message: 'no GitHub token: only the job summary, workflow-command annotations and the SARIF file are produced' });

  let config: Config;
  let baseline: Set<string> | undefined;
  try {
    const file = await readBaseConfig(inputs['config-file'] || '.github/pr-sentinel.yml', workspace, ev, octokit, preNotices);
    delete inputs['github-token'];
    delete inputs['config-file'];
    config = loadConfig({ inputs, file, env });
    if (config.baselineFile) {
      const p = resolve(workspace, config.baselineFile);
      if (existsSync(p)) baseline = parseBaseline(config.baselineFile, readFileSync(p, 'utf8'));
      else preNotices.push({ level: 'warning', source: 'config', message: `baseline file ${config.baselineFile} not found; no findings are baselined` });
    }
  } catch (e) {
    core.setFailed(e instanceof ConfigError ? `Invalid configuration: ${e.message}` : (e as Error).message);
    return;
  }

  let previousAiState;
  if (octokit && ev.repository && ev.pullNumber && config.aiProviders.length > 0) {
    try {
      previousAiState = await readSummaryState(octokit, ev.repository, ev.pullNumber);
    } catch (e) {
      actionLog.warn(`could not read the previous review state: ${(e as Error).message}`);
    }
  }

  const result = await run({ target: { mode: 'pr', root: workspace, env, octokit, event }, config, log: actionLog, baseline, previousAiState });
  result.notices.unshift(...preNotices);

  const publishNotices = await publishToGitHub(result, {
    octokit,
    summaryPath: env.GITHUB_STEP_SUMMARY,
    commentableLines: result.commentableLines ?? new Map(),
    log: actionLog,
    workspace,
  });
  for (const n of publishNotices) if (n.level !== 'info') core.warning(`${n.source}: ${n.message}`);

  const sarifPath = resolve(workspace, config.sarifFile);
  core.setOutput('findings-count', result.findings.length);
  for (const [sev, n] of Object.entries(result.counts)) core.setOutput(`${sev}-count`, n);
  core.setOutput('highest-severity', result.highestSeverity);
  core.setOutput('verdict', result.verdict);
  core.setOutput('sarif-file', sarifPath);
  if (result.ai) {
    const tokens = result.ai.usage.reduce((s, u) => s + u.tokensIn + u.tokensOut, 0);
    const cost = result.ai.usage.reduce((s, u) => s + u.costUsd, 0);
    core.setOutput('ai-tokens', tokens);
    core.setOutput('ai-cost-usd', cost.toFixed(4));
  }
  if (result.verdict === 'fail') {
    const gated = result.findings.filter((f) => config.failOn !== 'none' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[config.failOn]).length;
    core.setFailed(`pr-sentinel: ${gated} finding(s) at or above '${config.failOn}' (highest: ${result.highestSeverity})`);
  }
}

runAction().catch((e: unknown) => {
  core.setFailed(`pr-sentinel failed: ${(e as Error).message}`);
});
