/**
 * Line annotations. With a token that may write checks: ONE check run named "pr-sentinel" on the head commit,
 * created with the first 50 annotations and updated with the rest in batches of 50 (the API's per-request cap).
 * A re-run on the same head commit (workflow re-run) reuses the run an earlier attempt created (found by name and an
 * external_id naming the workflow and job, so the Actions job's own check run, which may share the name, is never
 * touched): it is updated rather than doubled. The API only appends annotations, so a reused run gets just the
 * annotations it does not carry yet; ones no longer reported cannot be removed, and the summary says how many.
 * Listing or updating the earlier run failing falls back to creating a new one.
 * When the token may not (read-only GITHUB_TOKEN, fork PR: 403/404), or there is no token at all, the same findings
 * become workflow commands (`::error file=…,line=…::`), which any token can produce, with a visible warning.
 */
import * as core from '@actions/core';
import type { Logger } from '../analyzers/types.js';
import type { Finding, Notice, Severity } from '../findings/types.js';
import { describeError, isPermissionError, splitRepository, type Octokit } from '../github/client.js';
import { bySeverity, endLineOf, plural, safeFindings } from './common.js';
import { clip } from './escape.js';
import type { RunResult } from './types.js';

export const CHECK_NAME = 'pr-sentinel';
export const ANNOTATION_BATCH = 50;
/** GitHub shows a limited number of workflow-command annotations per step and level; more are noise. */
export const MAX_COMMANDS_PER_LEVEL = 50;
const SOURCE = 'report/annotations';

type CheckLevel = 'failure' | 'warning' | 'notice';
const CHECK_LEVEL: Record<Severity, CheckLevel> = { critical: 'failure', high: 'failure', medium: 'warning', low: 'notice', info: 'notice' };
type CommandLevel = 'error' | 'warning' | 'notice';
const COMMAND_LEVEL: Record<Severity, CommandLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: CheckLevel;
  message: string;
  title: string;
  raw_details?: string;
}

export type CommandSink = Record<CommandLevel, (message: string, props: core.AnnotationProperties) => void>;
const CORE_SINK: CommandSink = { error: core.error, warning: core.warning, notice: core.notice };

function annotationMessage(f: Finding): string {
  const parts = [f.message || f.title];
  if (f.guidance) parts.push(`Guidance: ${f.guidance.title}${f.guidance.url ? ` (${f.guidance.url})` : ''}`);
  if (f.fix) parts.push(`Fix: ${f.fix.description}`);
  return parts.join('\n');
}

export function toCheckAnnotation(f: Finding): CheckAnnotation {
  const end = endLineOf(f);
  const a: CheckAnnotation = {
    path: f.location.path,
    start_line: f.location.startLine,
    end_line: end,
    annotation_level: CHECK_LEVEL[f.severity],
    message: clip(annotationMessage(f), 4000, '…'),
    title: clip(`[${f.severity}] ${f.ruleId}: ${f.title}`, 255, '…'),
  };
  // The API accepts columns only on single-line annotations.
  if (end === f.location.startLine && f.location.startColumn !== undefined) {
    a.start_column = f.location.startColumn;
    if (f.location.endColumn !== undefined && f.location.endColumn > f.location.startColumn) a.end_column = f.location.endColumn;
  }
  if (f.location.snippet) a.raw_details = clip(f.location.snippet, 2000, '…');
  return a;
}

function conclusion(result: RunResult): 'success' | 'failure' | 'neutral' {
  if (result.verdict === 'fail') return 'failure';
  return result.findings.length > 0 ? 'neutral' : 'success';
}

function checkTitle(result: RunResult): string {
  const n = result.findings.length;
  return n === 0 ? 'No findings' : `${plural(n, 'finding')}, highest ${result.highestSeverity}${result.verdict === 'fail' ? ` (gate ${result.config.failOn} failed)` : ''}`;
}

/** Emits findings as workflow commands (`::error file=…::`); @actions/core escapes data and properties. */
export function emitWorkflowCommands(findings: Finding[], sink: CommandSink = CORE_SINK): { emitted: number; dropped: number } {
  const perLevel: Record<CommandLevel, number> = { error: 0, warning: 0, notice: 0 };
  let emitted = 0;
  let dropped = 0;
  for (const f of [...findings].sort(bySeverity)) {
    const level = COMMAND_LEVEL[f.severity];
    if (perLevel[level] >= MAX_COMMANDS_PER_LEVEL) {
      dropped++;
      continue;
    }
    perLevel[level]++;
    const a = toCheckAnnotation(f);
    const props: core.AnnotationProperties = { title: a.title, file: a.path, startLine: a.start_line, endLine: a.end_line };
    if (a.start_column !== undefined) props.startColumn = a.start_column;
    if (a.end_column !== undefined) props.endColumn = a.end_column;
    sink[level](a.message, props);
    emitted++;
  }
  return { emitted, dropped };
}

export interface AnnotateOptions {
  octokit?: Octokit;
  log: Logger;
  /** Markdown for the check run's output.summary. */
  summary: string;
  commands?: CommandSink;
  /** Identifies this workflow job's check run across attempts (external_id). Default: checkRunKey(process.env). */
  checkKey?: string;
}

/** The external_id of our check run: the same for every attempt of one workflow job, different between jobs. */
export function checkRunKey(env: Record<string, string | undefined> = process.env): string {
  return clip(`pr-sentinel:${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}`, 200, '');
}

/** What makes two annotations the same one, as the API gives them back. */
function annotationKey(a: Pick<CheckAnnotation, 'path' | 'start_line' | 'end_line' | 'annotation_level' | 'title' | 'message'>): string {
  return [a.path, a.start_line, a.end_line, a.annotation_level, a.title, a.message].join('\u0000');
}

/** The newest check run of ours on this commit from an earlier attempt, or undefined (none, or the lookup failed). */
async function findEarlierRun(octokit: Octokit, repo: { owner: string; repo: string }, headSha: string, key: string, log: Logger): Promise<number | undefined> {
  try {
    const res = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
    const ours = res.data.check_runs.filter((r) => r.name === CHECK_NAME && r.external_id === key && r.head_sha === headSha);
    return ours.length > 0 ? Math.max(...ours.map((r) => r.id)) : undefined;
  } catch (e) {
    log.debug(`could not list check runs for ${headSha.slice(0, 7)} (${describeError(e)}); creating a new check run`);
    return undefined;
  }
}

/** Counts of the annotations a check run already carries, by annotationKey. Throws when they cannot be listed. */
async function annotationsOn(octokit: Octokit, repo: { owner: string; repo: string }, checkRunId: number): Promise<Map<string, number>> {
  const list = await octokit.paginate(octokit.rest.checks.listAnnotations, { ...repo, check_run_id: checkRunId, per_page: 100 });
  const counts = new Map<string, number>();
  for (const a of list) {
    const k = annotationKey({ path: a.path, start_line: a.start_line, end_line: a.end_line, annotation_level: a.annotation_level as CheckLevel, title: a.title ?? '', message: a.message ?? '' });
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Publishes annotations; returns notices for the summary. Never throws. */
export async function publishAnnotations(result: RunResult, opts: AnnotateOptions): Promise<Notice[]> {
  const notices: Notice[] = [];
  const findings = safeFindings(result.findings).sort(bySeverity);
  const repo = splitRepository(result.change.repository);
  const headSha = result.change.headSha;
  const fallback = (reason: string, rest: Finding[]) => {
    const { emitted, dropped } = emitWorkflowCommands(rest, opts.commands);
    notices.push({
      level: 'warning',
      source: SOURCE,
      message: `${reason}; ${plural(emitted, 'annotation')} sent as workflow commands instead${dropped ? ` (${dropped} beyond ${MAX_COMMANDS_PER_LEVEL} per level left out: see the SARIF file)` : ''}`,
    });
  };

  if (!opts.octokit || !repo || !headSha) {
    if (findings.length === 0) return notices;
    const why = !opts.octokit ? 'no GitHub token' : !repo ? 'repository unknown' : 'head commit unknown';
    fallback(`no check run (${why})`, findings);
    return notices;
  }

  const items = findings.map((f) => ({ f, a: toCheckAnnotation(f) }));
  const title = checkTitle(result);
  let summary = clip(opts.summary, 65_000);
  const key = opts.checkKey ?? checkRunKey();
  const octokit = opts.octokit;
  let checkRunId: number | undefined;
  let toSend = items;

  const earlier = await findEarlierRun(octokit, repo, headSha, key, opts.log);
  if (earlier !== undefined) {
    try {
      // Annotations only append: send the ones the run lacks; whatever is left in `have` is no longer reported.
      const have = await annotationsOn(octokit, repo, earlier);
      const missing = items.filter(({ a }) => {
        const n = have.get(annotationKey(a)) ?? 0;
        if (n > 0) have.set(annotationKey(a), n - 1);
        return n === 0;
      });
      const stale = [...have.values()].reduce((x, y) => x + y, 0);
      const note = stale > 0 ? `\n\n_${plural(stale, 'annotation')} from an earlier attempt on this commit ${stale === 1 ? 'is' : 'are'} no longer reported (the API cannot remove annotations)._` : '';
      const reusedSummary = clip(opts.summary, 65_000 - note.length) + note;
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: earlier,
        status: 'completed',
        conclusion: conclusion(result),
        completed_at: new Date().toISOString(),
        output: { title, summary: reusedSummary, annotations: missing.slice(0, ANNOTATION_BATCH).map((x) => x.a) },
      });
      checkRunId = earlier;
      toSend = missing;
      summary = reusedSummary; // later batches re-send the summary; keep the note
      opts.log.debug(`check run ${earlier} reused: ${missing.length} annotation(s) added, ${items.length - missing.length} already there, ${stale} stale`);
    } catch (e) {
      opts.log.debug(`could not reuse check run ${earlier} (${describeError(e)}); creating a new one`);
    }
  }

  if (checkRunId === undefined) {
    try {
      const res = await octokit.rest.checks.create({
        ...repo,
        name: CHECK_NAME,
        head_sha: headSha,
        external_id: key,
        status: 'completed',
        conclusion: conclusion(result),
        completed_at: new Date().toISOString(),
        output: { title, summary, annotations: items.slice(0, ANNOTATION_BATCH).map((x) => x.a) },
      });
      checkRunId = res.data.id;
    } catch (e) {
      const why = isPermissionError(e)
        ? `check run not permitted (${describeError(e)}): the token is read-only (fork PR, or no \`checks: write\` permission)`
        : `check run could not be created (${describeError(e)})`;
      if (findings.length > 0) fallback(why, findings);
      else notices.push({ level: 'warning', source: SOURCE, message: why });
      return notices;
    }
  }
  for (let i = ANNOTATION_BATCH; i < toSend.length; i += ANNOTATION_BATCH) {
    try {
      await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { title, summary, annotations: toSend.slice(i, i + ANNOTATION_BATCH).map((x) => x.a) } });
    } catch (e) {
      const why = `check run annotations ${i + 1}–${toSend.length} could not be added (${describeError(e)})`;
      fallback(why, toSend.slice(i).map((x) => x.f));
      break;
    }
  }
  return notices;
}
