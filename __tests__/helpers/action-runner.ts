/**
 * Runs a built action bundle as a child process with the environment a GitHub runner gives it, for a pull request
 * (#7, acme/shop) on a fixture repository, against a fake GitHub API. Shared by the end-to-end tests of the action.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeGitHub } from './fake-github.js';
import type { GitFixture } from './git-fixture.js';

export interface ActionRun {
  code: number | null;
  /** stdout and stderr together, as the runner log shows them. */
  log: string;
  summary: string;
  outputs: Record<string, string>;
}

/** GITHUB_OUTPUT holds `name<<DELIM\nvalue\nDELIM` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

export async function runBuiltAction(
  action: string,
  repo: GitFixture,
  gh: FakeGitHub,
  opts: { fork?: boolean; inputs?: Record<string, string> } = {},
): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'prs-runner-'));
  const file = (name: string, text = '') => {
    writeFileSync(join(tmp, name), text);
    return join(tmp, name);
  };
  const event = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: repo.headSha, ref: 'feature', repo: { full_name: opts.fork ? 'mallory/shop' : 'acme/shop', fork: Boolean(opts.fork) } },
      base: { sha: repo.baseSha, ref: 'main', repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: file('event.json', JSON.stringify(event)),
    GITHUB_STEP_SUMMARY: file('summary.md'),
    GITHUB_OUTPUT: file('output.txt'),
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_SHA: repo.headSha,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: tmp,
    // Nothing listens on port 9: the OSV lookup degrades with a notice instead of reaching the network.
    PR_SENTINEL_OSV_URL: 'http://127.0.0.1:9',
    'INPUT_GITHUB-TOKEN': 'ghs_fake_token_for_tests',
    'INPUT_FAIL-ON': 'none',
  };
  for (const [k, v] of Object.entries(opts.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [action], { cwd: repo.dir, env });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  try {
    return { code, log, summary: readFileSync(join(tmp, 'summary.md'), 'utf8'), outputs: parseOutputs(readFileSync(join(tmp, 'output.txt'), 'utf8')) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
