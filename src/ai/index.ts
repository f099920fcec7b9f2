/**
 * The AI review stage: pack the changed hunks (pack.ts), send them through the provider chain with one
 * failover policy (failover.ts), validate and salvage the JSON answers (schema.ts), screen and anchor the
 * comments (review.ts), and report usage, cost, files and the state for the next incremental run.
 * Deterministic findings are never touched here: the stage only adds ai/… findings and notices.
 */
import type { AnalyzedFile, Logger } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { ChangeContext, Hunk } from '../diff/types.js';
import type { Finding, Notice, Severity } from '../findings/types.js';
import { SEVERITIES } from '../findings/types.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import { costUsd, estimateTokens, priceFor, type Price } from './cost.js';
import { AllProvidersFailedError, ContextLengthError, Failover, type Attempt } from './failover.js';
import { makeSanitizer, secretLines, secretValues } from './outgoing.js';
import { hunkHash, knowledgeContext, pack, splitChunk, type Chunk, type PackUnit } from './pack.js';
import { buildUserPrompt, SYSTEM_PROMPT } from './prompt.js';
import { createProvider, parseChain, PROVIDER_KEYS } from './providers/index.js';
import type { Provider } from './providers/types.js';
import { cap, safeReplacement, screen, toFinding, unsafeReason, type Candidate, type DropReason } from './review.js';
import { ANSWER_SCHEMA, parseAnswer, type AiAnswer } from './schema.js';
import { decideIncremental, MAX_STATE_HASHES } from './state.js';

export { AI_RULES } from './rules.js';

/** Kept in the summary comment's hidden marker between runs. */
export interface AiState {
  /** Head sha last reviewed. */
  reviewedSha: string;
  /** Hash per reviewed hunk, so re-runs review only what changed. */
  hunkHashes?: string[];
}

export interface AiUsage {
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  calls: number;
}

export interface AiOutcome {
  /** ai/… findings (with fix when a suggestion is safe). */
  findings: Finding[];
  /** Markdown PR summary: what changed, risk, where to look. */
  summary?: string;
  usage: AiUsage[];
  notices: Notice[];
  files: { reviewed: string[]; clipped: string[]; skipped: Array<{ path: string; reason: string }> };
  state?: AiState;
  /** Set when the AI review did not run at all; shown in the summary. */
  skippedReason?: string;
  /** Optional (added by the AI stage): overall risk from the model's summary, when one arrived. */
  risk?: 'low' | 'medium' | 'high';
  /** Optional: comments the model made away from the changed lines (also listed in `summary`). */
  demoted?: Array<{ file: string; line: number; message: string }>;
}

export interface AiInput {
  files: AnalyzedFile[];
  /** Deterministic findings (already redacted). */
  findings: Finding[];
  change: ChangeContext;
  config: Config;
  log: Logger;
  knowledge?: KnowledgeBase;
  previousState?: AiState;
}

/** Tuning knobs read from config.raw (kebab-case keys in the config file), with their defaults. */
function knobs(config: Config) {
  const raw = config.raw ?? {};
  const num = (key: string, def: number, min = 0) => {
    const v = Number(raw[key]);
    return raw[key] !== undefined && raw[key] !== '' && Number.isFinite(v) && v >= min ? v : def;
  };
  const maxSev = String(raw['ai-max-severity'] ?? 'medium');
  return {
    retryBaseMs: num('ai-retry-base-ms', 1000),
    maxRetryAfterMs: num('ai-max-retry-after-ms', 30_000),
    breaker: num('ai-circuit-breaker', 3, 1),
    maxOutputTokens: num('ai-max-output-tokens', 4096, 256),
    maxInputTokens: num('ai-max-input-tokens', 24_000, 1000),
    concurrency: Math.floor(num('ai-concurrency', 2, 1)),
    maxSeverity: ((SEVERITIES as readonly string[]).includes(maxSev) ? maxSev : 'medium') as Severity,
  };
}

/**
 * Scan mode has no hunks (every line counts as changed): review each file as one all-added hunk, so packing,
 * anchoring and suggestions work unchanged; the budget decides how much of the tree is read.
 */
function wholeFileHunk(file: AnalyzedFile): AnalyzedFile {
  if (file.changedLines !== 'all' || file.change.hunks.length > 0 || file.head === undefined || file.change.binary) return file;
  const lines = file.head.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return file;
  const hunk: Hunk = { oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, header: '', lines: lines.map((text, i) => ({ kind: 'add', newLine: i + 1, text })) };
  return { ...file, change: { ...file.change, hunks: [hunk] } };
}

const empty = (): AiOutcome => ({ findings: [], usage: [], notices: [], files: { reviewed: [], clipped: [], skipped: [] } });

export async function runAiReview(input: AiInput): Promise<AiOutcome> {
  const { config, change, log } = input;
  const out = empty();
  if (config.aiProviders.length === 0) return { ...out, skippedReason: 'no AI provider configured' };

  // Providers: keys only from config (inputs/env through the loader); never from files in the PR.
  const chain = parseChain(config.aiProviders);
  out.notices.push(...chain.notices);
  const providers: Provider[] = [];
  const missing: string[] = [];
  for (const spec of chain.specs) {
    const key = config[PROVIDER_KEYS[spec.id].key] as string | undefined;
    if (key) log.setSecret(key);
    const p = await createProvider(spec, config);
    if (p) providers.push(p);
    else missing.push(`${spec.id}:${spec.model} (no API key: set ${PROVIDER_KEYS[spec.id].env} or the ${spec.id}-api-key input)`);
  }
  if (providers.length === 0) {
    const reason = change.isFork ? 'fork PR: no secrets available' : `no API key for any configured provider: ${missing.join('; ')}`;
    return { ...out, skippedReason: reason };
  }
  for (const m of missing) out.notices.push({ level: 'warning', source: 'ai', message: `provider ${m} skipped` });

  const k = knobs(config);
  const files = input.files.map(wholeFileHunk);
  const fileByPath = new Map(files.map((f) => [f.path, f]));

  // Incremental re-run: which hunks were already reviewed.
  const currentHashes = files.flatMap((f) => (f.change.status === 'deleted' || f.change.binary ? [] : f.change.hunks.filter((h) => h.lines.some((l) => l.kind === 'add')).map((h) => hunkHash(f.path, h))));
  const decision = decideIncremental(input.previousState, change.root, change.headSha, currentHashes);
  if (decision.mode === 'full' && decision.reason) out.notices.push({ level: 'info', source: 'ai', message: decision.reason });
  const skipHashes = decision.mode === 'incremental' ? decision.skip : undefined;

  // Budget planning: the most expensive model of the chain prices each planned call (conservative).
  const prices = providers.map((p) => priceFor(p.model, config));
  const unpriced = providers.filter((_, i) => !prices[i]).map((p) => p.label);
  if (unpriced.length > 0) out.notices.push({ level: 'info', source: 'ai', message: `no price known for ${unpriced.join(', ')}: cost counted as 0 (add it to ai-price-table); the token budget still applies` });
  const planPrice: Price | undefined = prices.reduce<Price | undefined>((m, p) => (!p ? m : !m ? p : { input: Math.max(m.input, p.input), output: Math.max(m.output, p.output) }), undefined);
  const overhead = estimateTokens(SYSTEM_PROMPT) + estimateTokens(JSON.stringify(ANSWER_SCHEMA)) + 200;
  const flagged = secretLines(input.findings);
  // Provider embeddings (`embeddings: openai|gemini`) are async: the per-hunk guidance is looked up before packing.
  const knowledgeHits = await knowledgeContext(files, input.knowledge, skipHashes);
  const packed = pack(files, input.findings, {
    maxInputTokensPerCall: Math.max(500, k.maxInputTokens - overhead),
    callCost: (t) => ({ tokens: t + overhead + k.maxOutputTokens, usd: costUsd(planPrice, t + overhead, k.maxOutputTokens) }),
    tokenBudget: config.aiTokenBudget,
    costBudget: config.aiCostBudget,
    skipHashes,
    knowledge: input.knowledge,
    knowledgeHits,
    secretLines: flagged,
  });
  out.files.skipped.push(...packed.skipped);
  if (packed.unpacked > 0) {
    out.notices.push({
      level: 'warning',
      source: 'ai',
      message: `AI budget reached while packing: ${packed.unpacked} hunk(s) not reviewed (token budget ${config.aiTokenBudget}, cost budget $${config.aiCostBudget}); see the skipped files`,
    });
  }
  const previouslyCovered = skipHashes ? currentHashes.filter((h) => skipHashes.has(h)) : [];
  if (packed.chunks.length === 0) {
    out.summary = skipHashes ? '_AI review: no new changes since the last reviewed commit._' : undefined;
    out.state = { reviewedSha: change.headSha ?? input.previousState?.reviewedSha ?? '', hunkHashes: [...new Set(previouslyCovered)].slice(0, MAX_STATE_HASHES) };
    if (packed.unpacked > 0) out.skippedReason = `AI token/cost budget too small for one request (budget ${config.aiTokenBudget} tokens, $${config.aiCostBudget})`;
    else if (!skipHashes) out.skippedReason = 'nothing to review: no added lines the AI review can see';
    return out;
  }

  const sanitize = makeSanitizer(secretValues(files, flagged));
  const failover = new Failover(providers, { baseDelayMs: k.retryBaseMs, maxRetryAfterMs: k.maxRetryAfterMs, breakerThreshold: k.breaker });
  const usage = new Map<string, AiUsage>();
  let tokensUsed = 0;
  let costUsed = 0;
  const candidates: Candidate[] = [];
  const demoted: NonNullable<AiOutcome['demoted']> = [];
  const answers: Array<{ summary: NonNullable<AiAnswer['summary']>; sentText: string }> = [];
  const dropped: Partial<Record<DropReason | 'invalid', number>> = {};
  const reviewedUnits: PackUnit[] = [];
  const failedUnits: Array<{ unit: PackUnit; reason: string }> = [];
  let budgetStopped = false;
  let order = 0;

  const account = (attempt: Attempt, estIn: number) => {
    const p = attempt.provider;
    const u = usage.get(p.label) ?? { provider: p.id, model: p.model, tokensIn: 0, tokensOut: 0, costUsd: 0, calls: 0 };
    const tin = attempt.response.tokensIn ?? estIn;
    const tout = attempt.response.tokensOut ?? estimateTokens(attempt.response.text);
    const c = costUsd(priceFor(p.model, config), tin, tout);
    u.tokensIn += tin;
    u.tokensOut += tout;
    u.costUsd += c;
    u.calls++;
    usage.set(p.label, u);
    tokensUsed += tin + tout;
    costUsed += c;
  };
  // Calls in flight reserve their worst case (estimated input + full output) so parallel calls cannot
  // overshoot the budget together.
  let reservedTokens = 0;
  let reservedUsd = 0;
  const withinBudget = (estIn: number) =>
    tokensUsed + reservedTokens + estIn + k.maxOutputTokens <= config.aiTokenBudget &&
    costUsed + reservedUsd + costUsd(planPrice, estIn, k.maxOutputTokens) <= config.aiCostBudget;

  interface Work {
    chunk: Chunk;
    /** Position label: "3", or "3.2" for the second half of a re-packed part. Sorting by it keeps merges deterministic. */
    key: number[];
  }
  interface Done {
    key: number[];
    units: PackUnit[];
    attempt?: Attempt;
    answer?: AiAnswer;
    sentText: string;
    failure?: string;
  }
  const total = packed.chunks.length;
  const queue: Work[] = packed.chunks.map((chunk, i) => ({ chunk, key: [i + 1] }));
  const done: Done[] = [];

  const reviewOne = async ({ chunk, key }: Work): Promise<void> => {
    if (failover.available().length === 0 || budgetStopped) {
      done.push({ key, units: chunk.units, sentText: '', failure: budgetStopped ? 'AI token/cost budget reached' : 'every AI provider failed' });
      return;
    }
    const label = key.join('.');
    const user = sanitize(buildUserPrompt(chunk, { label, total }));
    const system = sanitize(SYSTEM_PROMPT);
    const estIn = estimateTokens(system) + estimateTokens(user) + estimateTokens(JSON.stringify(ANSWER_SCHEMA));
    const req = { system, user, schema: ANSWER_SCHEMA, maxOutputTokens: k.maxOutputTokens, timeoutMs: config.aiTimeoutMs };
    const skip = new Set<string>();
    const badOutput = new Map<string, number>();
    for (;;) {
      if (!withinBudget(estIn)) {
        if (!budgetStopped) out.notices.push({ level: 'warning', source: 'ai', message: `AI budget reached (used ${tokensUsed} tokens, $${costUsed.toFixed(4)}): remaining parts not reviewed` });
        budgetStopped = true;
        done.push({ key, units: chunk.units, sentText: user, failure: 'AI token/cost budget reached' });
        return;
      }
      const reserveUsd = costUsd(planPrice, estIn, k.maxOutputTokens);
      reservedTokens += estIn + k.maxOutputTokens;
      reservedUsd += reserveUsd;
      let attempt: Attempt;
      try {
        attempt = await failover.complete(req, skip);
      } catch (e) {
        if (e instanceof ContextLengthError) {
          const parts = splitChunk(chunk);
          if (parts) {
            out.notices.push({ level: 'info', source: 'ai', message: `${e.provider}: request too large for the model's context; part ${label} re-packed into ${parts.length} smaller part(s)` });
            queue.unshift(...parts.map((c, i) => ({ chunk: c, key: [...key, i + 1] })));
            return;
          }
          done.push({ key, units: chunk.units, sentText: user, failure: `${e.provider}: context length exceeded even for a single clipped hunk` });
        } else {
          done.push({ key, units: chunk.units, sentText: user, failure: e instanceof AllProvidersFailedError ? e.reasons.join('; ') : (e as Error).message });
        }
        return;
      } finally {
        reservedTokens -= estIn + k.maxOutputTokens;
        reservedUsd -= reserveUsd;
      }
      account(attempt, estIn);
      const parsed = parseAnswer(attempt.response.text);
      if (parsed) {
        if (parsed.invalidComments > 0) dropped.invalid = (dropped.invalid ?? 0) + parsed.invalidComments;
        if (parsed.salvaged) {
          out.notices.push({
            level: 'info',
            source: 'ai',
            message: `${attempt.provider.label}: answer was ${attempt.response.truncated ? 'cut off at the output limit' : 'not clean JSON'}; salvaged ${parsed.answer.comments.length} complete comment(s)`,
          });
        }
        done.push({ key, units: chunk.units, attempt, answer: parsed.answer, sentText: user });
        return;
      }
      // Unusable answer: one more try on the same provider, then count it as a failure and move on.
      const n = (badOutput.get(attempt.provider.label) ?? 0) + 1;
      badOutput.set(attempt.provider.label, n);
      if (n >= 2) {
        failover.fail(attempt.provider, 'answer was not valid JSON twice');
        skip.add(attempt.provider.label);
        out.notices.push({ level: 'warning', source: 'ai', message: `${attempt.provider.label}: answer was not valid review JSON (twice); trying the next provider` });
      }
    }
  };
  // A small pool: parts are independent, so a large PR does not pay every model latency in sequence.
  const worker = async () => {
    for (let w = queue.shift(); w; w = queue.shift()) await reviewOne(w);
  };
  await Promise.all(Array.from({ length: k.concurrency }, worker));

  // Merge in part order, whatever order the answers arrived in.
  const cmpKey = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  done.sort((a, b) => cmpKey(a.key, b.key));
  // When nothing succeeded, skippedReason says it all; per-part notices would only repeat it.
  const anySuccess = done.some((d) => d.answer);
  for (const d of done) {
    if (!d.answer || !d.attempt) {
      for (const unit of d.units) failedUnits.push({ unit, reason: d.failure ?? 'no answer' });
      if (anySuccess && d.failure && !/budget/.test(d.failure)) out.notices.push({ level: 'warning', source: 'ai', message: `AI review of part ${d.key.join('.')}/${total} failed: ${d.failure}` });
      continue;
    }
    const s = screen(d.answer.comments, { units: d.units, sentText: d.sentText }, d.attempt.provider.label, order);
    order += d.answer.comments.length;
    candidates.push(...s.kept);
    demoted.push(...s.demoted);
    for (const [r, n] of Object.entries(s.dropped)) dropped[r as DropReason] = (dropped[r as DropReason] ?? 0) + (n ?? 0);
    if (d.answer.summary) answers.push({ summary: d.answer.summary, sentText: d.sentText });
    reviewedUnits.push(...d.units);
  }
  // Provider notices (auth, open circuits) matter when the review went on without that provider; when every
  // provider failed, skippedReason already lists each one's reason.
  if (anySuccess) out.notices.push(...failover.notices);
  out.usage = [...usage.values()].map((u) => ({ ...u, costUsd: Math.round(u.costUsd * 1e6) / 1e6 }));
  log.info(
    `AI review: ${out.usage.map((u) => `${u.provider}:${u.model} ${u.calls} call(s), ${u.tokensIn} in / ${u.tokensOut} out, $${u.costUsd.toFixed(4)}`).join('; ') || 'no successful call'}`,
  );

  if (reviewedUnits.length === 0) {
    out.skippedReason = budgetStopped
      ? `AI token/cost budget reached before the first request (budget ${config.aiTokenBudget} tokens, $${config.aiCostBudget})`
      : `every AI provider failed — ${failover.reasons().join('; ')}${missing.length ? `; ${missing.join('; ')}` : ''}`;
    const failed = new Map(failedUnits.map((f) => [f.unit.path, f.reason]));
    out.files = { reviewed: [], clipped: [], skipped: [...packed.skipped, ...[...failed].map(([path, reason]) => ({ path, reason }))].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
    out.state = input.previousState;
    return out;
  }

  // Files: reviewed/clipped from packing, minus files whose parts failed.
  const failedPaths = new Map<string, string>();
  for (const f of failedUnits) failedPaths.set(f.unit.path, f.reason);
  const okPaths = new Set(reviewedUnits.map((u) => u.path));
  const clippedSet = new Set(packed.clipped);
  const reviewed: string[] = [];
  const clipped: string[] = [];
  for (const path of [...new Set([...packed.reviewed, ...packed.clipped])].sort()) {
    if (!okPaths.has(path)) out.files.skipped.push({ path, reason: failedPaths.get(path) ?? 'not reviewed' });
    else if (failedPaths.has(path) || clippedSet.has(path)) clipped.push(path);
    else reviewed.push(path);
  }
  out.files.reviewed = reviewed;
  out.files.clipped = clipped;
  out.files.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // Comments → findings: cap by confidence, then suggestions only where safe.
  const capped = cap(candidates, config.aiMaxComments);
  if (capped.dropped > 0) out.notices.push({ level: 'info', source: 'ai', message: `${capped.dropped} AI comment(s) over the ai-max-comments limit (${config.aiMaxComments}) or duplicated: lowest confidence dropped` });
  for (const c of capped.kept) {
    const file = fileByPath.get(c.comment.file);
    let replacement: string | undefined;
    try {
      replacement = await safeReplacement(c.comment, reviewedUnits, file, flagged.get(c.comment.file));
    } catch (e) {
      log.debug(`suggestion check failed for ${c.comment.file}: ${(e as Error).message}`);
    }
    // A replacement that redaction would alter is not applied as code.
    if (replacement !== undefined && sanitize(replacement) !== replacement) replacement = undefined;
    out.findings.push(toFinding(c, k.maxSeverity, sanitize, replacement));
  }
  const droppedTotal = Object.values(dropped).reduce((s, n) => s + (n ?? 0), 0);
  if (droppedTotal > 0) {
    const parts = Object.entries(dropped).map(([r, n]) => `${n} ${DROP_LABEL[r as keyof typeof DROP_LABEL] ?? r}`);
    out.notices.push({ level: 'info', source: 'ai', message: `AI comments dropped: ${parts.join(', ')}` });
  }
  out.demoted = demoted.map((d) => ({ ...d, message: sanitize(d.message) }));
  const summary = buildSummary(answers, out.demoted, [...usage.keys()], sanitize);
  out.summary = summary.markdown;
  out.risk = summary.risk;

  const newlyCovered = reviewedUnits.filter((u) => !u.clipped).map((u) => u.hash);
  out.state = { reviewedSha: change.headSha ?? '', hunkHashes: [...new Set([...previouslyCovered, ...newlyCovered])].slice(0, MAX_STATE_HASHES) };
  return out;
}

const DROP_LABEL: Record<DropReason | 'invalid', string> = {
  'unknown-file': 'about files not in the request',
  approval: 'claiming approval',
  'injection-echo': 'echoing prompt-injection text',
  url: 'with URLs not in the diff',
  command: 'with shell commands not in the diff',
  invalid: 'not matching the schema',
};

const RISK_RANK = { low: 0, medium: 1, high: 2 } as const;

/** Merge the per-part summaries into one markdown block. Unsafe sentences are left out. */
function buildSummary(
  answers: Array<{ summary: NonNullable<AiAnswer['summary']>; sentText: string }>,
  demoted: NonNullable<AiOutcome['demoted']>,
  providers: string[],
  clean: (s: string) => string,
): { markdown: string; risk?: 'low' | 'medium' | 'high' } {
  let risk: 'low' | 'medium' | 'high' | undefined;
  const overview: string[] = [];
  const focus: string[] = [];
  for (const a of answers) {
    if (!risk || RISK_RANK[a.summary.risk] > RISK_RANK[risk]) risk = a.summary.risk;
    const sentences = a.summary.overview.split(/(?<=[.!?])\s+/).filter((s) => s.trim() && !unsafeReason(s, a.sentText));
    if (sentences.length) overview.push(clean(sentences.join(' ')));
    for (const f of a.summary.focus) if (!unsafeReason(f, a.sentText) && !focus.includes(f) && focus.length < 8) focus.push(clean(f));
  }
  const lines: string[] = [];
  lines.push(`**AI review** (${providers.join(', ')})${risk ? ` · risk: **${risk}**` : ''}`);
  if (overview.length) lines.push('', ...overview);
  if (focus.length) lines.push('', '**Where to look first:**', ...focus.map((f) => `- ${f}`));
  if (demoted.length) {
    lines.push('', '**Also noted** (outside the changed lines):');
    for (const d of demoted.slice(0, 20)) lines.push(`- \`${d.file}:${d.line}\` ${d.message.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return { markdown: lines.join('\n'), risk };
}
