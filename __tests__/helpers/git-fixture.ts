/** Builds small git repositories for end-to-end tests: a base commit, then a head commit on a branch. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitFixture {
  dir: string;
  baseSha: string;
  headSha: string;
  git(...args: string[]): string;
  cleanup(): void;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function makeRepo(base: Record<string, string | Buffer | null>, head: Record<string, string | Buffer | null>): GitFixture {
  const dir = mkdtempSync(join(tmpdir(), 'prs-repo-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  writeFiles(dir, base);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  writeFiles(dir, head);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'head');
  const headSha = git('rev-parse', 'HEAD');
  return { dir, baseSha, headSha, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fake but well-shaped AWS access key id, assembled at run time so no key-shaped literal is committed. */
export const FAKE_AWS_KEY = ['AKIA', 'Q3EGRK6X', 'TPZ7WD4N'].join('');

/** The sample change used by the end-to-end tests: a leaked key, an injection and a function that grew complex. */
export function sampleChange(): { base: Record<string, string>; head: Record<string, string> } {
  const base = {
    'app/orders.py': 'def total(order):\n    return sum(i.price for i in order.items)\n',
    'README.md': '# shop\n',
  };
  const branches = Array.from({ length: 14 }, (_, i) => `    ${i === 0 ? 'if' : 'elif'} kind == "k${i}" and weight > ${i}:\n        cost += ${i}\n`).join('');
  const head = {
    'app/orders.py': [
      'import subprocess',
      'from flask import request',
      '',
      `AWS_ACCESS_KEY_ID = "${FAKE_AWS_KEY}"`,
      '',
      'def total(order):',
      '    return sum(i.price for i in order.items)',
      '',
      'def export_orders():',
      '    name = request.args.get("name")',
      '    subprocess.call("tar czf /tmp/" + name + ".tgz /data", shell=True)',
      '',
      'def shipping(kind, weight):',
      '    cost = 0',
      branches.trimEnd(),
      '    return cost',
      '',
    ].join('\n'),
    'README.md': '# shop\n\nNow with exports.\n',
  };
  return { base, head };
}
