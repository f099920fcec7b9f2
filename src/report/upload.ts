/**
 * SARIF out: always written to `sarif-file` (so a later upload step or an artifact can use it), and uploaded to code
 * scanning through the REST API when the token allows. The API wants the log gzip-compressed and base64-encoded,
 * with the commit and the ref; for PRs the ref is refs/pull/N/head so alerts show on the PR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../analyzers/types.js';
import type { Notice } from '../findings/types.js';
import { describeError, isPermissionError, splitRepository, type Octokit } from '../github/client.js';
import type { RunResult } from './types.js';

const SOURCE = 'report/sarif';

export function writeSarifFile(sarif: string, workspace: string, file: string): { path?: string; notices: Notice[] } {
  const path = resolve(workspace, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, sarif);
    return { path, notices: [] };
  } catch (e) {
    return { notices: [{ level: 'error', source: SOURCE, message: `could not write ${file}: ${describeError(e)}` }] };
  }
}

export function encodeSarif(sarif: string): string {
  return gzipSync(Buffer.from(sarif, 'utf8')).toString('base64');
}

export async function uploadSarif(result: RunResult, sarif: string, opts: { octokit?: Octokit; log: Logger; workspace: string }): Promise<Notice[]> {
  if (!result.config.uploadSarif) return [];
  const repo = splitRepository(result.change.repository);
  const { headSha, ref } = result.change;
  if (!opts.octokit || !repo || !headSha || !ref) {
    return [{ level: 'info', source: SOURCE, message: `SARIF not uploaded to code scanning (${!opts.octokit ? 'no GitHub token' : 'repository, commit or ref unknown'}); the file is still written` }];
  }
  try {
    const res = await opts.octokit.rest.codeScanning.uploadSarif({
      ...repo,
      commit_sha: headSha,
      ref,
      sarif: encodeSarif(sarif),
      tool_name: result.tool.name,
      checkout_uri: `file://${opts.workspace}`,
    });
    opts.log.info(`SARIF uploaded to code scanning (${(res.data as { id?: string }).id ?? 'accepted'})`);
    return [];
  } catch (e) {
    const message = isPermissionError(e)
      ? `code scanning upload not permitted (${describeError(e)}): needs \`security-events: write\` (and GitHub Advanced Security on private repositories); the SARIF file is still written`
      : `code scanning upload failed (${describeError(e)}); the SARIF file is still written`;
    return [{ level: 'warning', source: SOURCE, message }];
  }
}
