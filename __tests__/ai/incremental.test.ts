/** Re-runs review only new hunks; a force-push (old head not an ancestor) brings a full review. */
import { afterEach, expect, it } from 'vitest';
import { runAiReview, type AiState } from '../../src/ai/index.js';
import { startFakeLlm, reviewAnswer, type FakeLlm } from '../helpers/fake-llm.js';
import { makeRepo, type GitFixture } from '../helpers/git-fixture.js';
import { aiConfig, change, modifiedFile, quietLog } from './fixtures.js';

const servers: FakeLlm[] = [];
const repos: GitFixture[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const r of repos.splice(0)) r.cleanup();
});

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `v_${tag}_${i} = compute_${tag}(${i})`);
// Two far-apart hunks: lines 3–4 and 30–31.
const HEAD_1 = [...lines(40, 'x')];
HEAD_1[2] = 'first_change = 1';
HEAD_1[3] = 'first_change_b = 2';
HEAD_1[29] = 'second_change = 3';
HEAD_1[30] = 'second_change_b = 4';

async function setup() {
  const s = await startFakeLlm('openai', (req) => ({ answer: reviewAnswer([], { overview: `seen ${req.body.includes('second_change_b') ? 'second' : 'first'}` }) }));
  servers.push(s);
  return { s, config: aiConfig({ aiProviders: ['openai:gpt-4.1-mini'], openaiApiKey: 'sk', openaiBaseUrl: s.baseUrl }) };
}

it('second run on a new commit reviews only the hunk that changed; same head again reviews nothing', async () => {
  const { s, config } = await setup();
  const run1 = await runAiReview({ files: [modifiedFile('m.py', 'python', HEAD_1.join('\n'), [[3, 4], [30, 31]])], findings: [], change: change({ headSha: '1'.repeat(40) }), config, log: quietLog() });
  expect(run1.state?.hunkHashes).toHaveLength(2);
  expect(s.requests[0]!.body).toContain('first_change_b');
  expect(s.requests[0]!.body).toContain('second_change_b');

  // New commit: the first hunk gains a line; the second is unchanged but shifted down by one line.
  const head2 = [...HEAD_1];
  head2.splice(4, 0, 'first_change_c = 5');
  const file2 = modifiedFile('m.py', 'python', head2.join('\n'), [[3, 5], [31, 32]]);
  // "Not a git repo" → ancestry unknown → hunk overlap decides: one hunk still known → incremental.
  const run2 = await runAiReview({ files: [file2], findings: [], change: change({ headSha: '2'.repeat(40) }), config, log: quietLog(), previousState: run1.state as AiState });
  expect(s.requests).toHaveLength(2);
  const body2 = s.requests[1]!.body;
  expect(body2).toContain('first_change_c');
  expect(body2).not.toContain('second_change_b');
  expect(run2.state?.reviewedSha).toBe('2'.repeat(40));
  expect(run2.state?.hunkHashes?.length).toBe(2); // current hunks only: the kept second + the new first

  const run3 = await runAiReview({ files: [file2], findings: [], change: change({ headSha: '2'.repeat(40) }), config, log: quietLog(), previousState: run2.state });
  expect(s.requests).toHaveLength(2);
  expect(run3.skippedReason).toBeUndefined();
  expect(run3.summary).toMatch(/no new changes/);
  expect(run3.files.skipped).toEqual([{ path: 'm.py', reason: 'unchanged since the last AI review' }]);
});

it('force-push: the previous head is not an ancestor (git says so) → full review with a notice', async () => {
  const repo = makeRepo({ 'm.py': 'a = 1\n' }, { 'm.py': 'a = 1\nb = 2\n' });
  repos.push(repo);
  // An abandoned commit on another branch: reviewed before, then history was rewritten.
  repo.git('checkout', '-q', '-b', 'old', repo.baseSha);
  repo.git('commit', '-q', '--allow-empty', '-m', 'old head');
  const oldHead = repo.git('rev-parse', 'HEAD');
  repo.git('checkout', '-q', 'feature');
  const { s, config } = await setup();
  const file = modifiedFile('m.py', 'python', HEAD_1.join('\n'), [[3, 4], [30, 31]]);
  const first = await runAiReview({ files: [file], findings: [], change: change({ headSha: oldHead }), config, log: quietLog() });
  const out = await runAiReview({ files: [file], findings: [], change: change({ root: repo.dir, headSha: repo.headSha }), config, log: quietLog(), previousState: first.state });
  expect(s.requests).toHaveLength(2);
  expect(s.requests[1]!.body).toContain('first_change_b');
  expect(out.notices.map((n) => n.message).join('\n')).toMatch(/not an ancestor of the head \(force-push\): full AI review/);

  // Same previous state, but an ancestor this time → incremental (nothing new to send).
  const again = await runAiReview({ files: [file], findings: [], change: change({ root: repo.dir, headSha: repo.headSha }), config, log: quietLog(), previousState: { ...first.state!, reviewedSha: repo.baseSha } });
  expect(s.requests).toHaveLength(2);
  expect(again.summary).toMatch(/no new changes/);
});

it('without git, no overlapping hunk means history was rewritten → full review', async () => {
  const { s, config } = await setup();
  const file = modifiedFile('m.py', 'python', HEAD_1.join('\n'), [[3, 4]]);
  const out = await runAiReview({ files: [file], findings: [], change: change(), config, log: quietLog(), previousState: { reviewedSha: 'c'.repeat(40), hunkHashes: ['ffffffffffff'] } });
  expect(s.requests).toHaveLength(1);
  expect(out.notices.map((n) => n.message).join('\n')).toMatch(/no hunk of the previous AI review is still present/);
});
