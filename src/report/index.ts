/**
 * The report stage's front door. `formatReport` renders one RunResult for the CLI; `publishToGitHub` delivers it
 * everywhere the action can: inline review comments, check annotations, SARIF (file + code scanning), the PR summary
 * comment and the job summary. Each sink degrades on its own; the job summary is written last so it can say what
 * the others could not do.
 */
import { appendFileSync } from 'node:fs';
import type { Logger } from '../analyzers/types.js';
import type { Notice } from '../findings/types.js';
import type { Octokit } from '../github/client.js';
import { publishAnnotations } from './annotations.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { publishReview } from './review.js';
import { formatSarif } from './sarif.js';
import { publishSummaryComment, readSummaryState } from './summary-comment.js';
import { formatText } from './text.js';
import type { RunResult } from './types.js';
import { uploadSarif, writeSarifFile } from './upload.js';

export { readSummaryState };
export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown';

export function formatReport(result: RunResult, format: ReportFormat, opts: { color?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result);
    case 'markdown':
      return formatMarkdown(result);
    default:
      return formatText(result, { color: opts.color ?? false });
  }
}

export interface PublishOptions {
  octokit?: Octokit;
  summaryPath?: string;
  commentableLines: Map<string, Set<number>>;
  log: Logger;
  workspace: string;
}

/** Publishes to every sink; returns the notices raised while doing so. Never throws. */
export async function publishToGitHub(result: RunResult, opts: PublishOptions): Promise<Notice[]> {
  const notices: Notice[] = [];
  const guard = async (sink: string, fn: () => Promise<Notice[]>) => {
    try {
      notices.push(...(await fn()));
    } catch (e) {
      notices.push({ level: 'error', source: sink, message: `failed unexpectedly: ${(e as Error).message}` });
    }
  };
  if (result.change.isFork) {
    notices.push({ level: 'warning', source: 'github', message: 'fork PR: the workflow token is read-only and repository secrets are absent, so the report may be limited to the job summary, workflow-command annotations and the SARIF file' });
  }

  let notInlined = result.findings;
  await guard('report/review-comments', async () => {
    const review = await publishReview(result, opts);
    notInlined = review.notInlined;
    if (review.posted || review.updated || review.resolved)
      opts.log.info(`review comments: ${review.posted} posted, ${review.updated} updated, ${review.resolved} resolved (${review.threadsResolved} thread${review.threadsResolved === 1 ? '' : 's'} closed)`);
    return review.notices;
  });

  if (result.config.annotations) {
    await guard('report/annotations', () => publishAnnotations(result, { octokit: opts.octokit, log: opts.log, summary: formatMarkdown(result, { headingLevel: 3, topN: 10 }) }));
  }

  const sarif = formatSarif(result);
  await guard('report/sarif', async () => {
    const written = writeSarifFile(sarif, opts.workspace, result.config.sarifFile);
    return [...written.notices, ...(await uploadSarif(result, sarif, opts))];
  });

  if (result.config.reviewComments) {
    await guard('report/summary-comment', () =>
      publishSummaryComment(
        { octokit: opts.octokit, repository: result.change.repository, pullNumber: result.change.pullNumber, log: opts.log },
        formatMarkdown(result, { extraNotices: notices, notInlined }),
        result.ai?.state,
      ),
    );
  }

  if (opts.summaryPath) {
    try {
      appendFileSync(opts.summaryPath, formatMarkdown(result, { extraNotices: notices }));
    } catch (e) {
      opts.log.warn(`could not write the job summary: ${(e as Error).message}`);
    }
  }
  return notices;
}
