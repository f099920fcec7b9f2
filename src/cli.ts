#!/usr/bin/env node
/**
 * Terminal shell over `run`: `pr-sentinel scan [PATH]` and `pr-sentinel review --base REF [--head REF]`.
 * The report goes to stdout (or --output); logs to stderr. Exit 0 pass, 1 gate failed, 2 bad usage or input.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from './analyzers/types.js';
import { ConfigError, loadConfig } from './config/index.js';
import { parseBaseline, renderBaseline } from './findings/baseline.js';
import { formatReport } from './report/index.js';
import { run, type RunTarget } from './run.js';
import { VERSION } from './version.js';

const USAGE = `Usage:
  pr-sentinel scan [PATH]                      analyse every file under PATH (default .), no git needed
  pr-sentinel review --base REF [--head REF]   analyse the changes between two git refs (head default HEAD)

Options:
  --format text|json|sarif|markdown   report format (default text)
  --output FILE                        write the report to FILE instead of stdout
  --config FILE                        config file (default .github/pr-sentinel.yml when present)
  --fail-on SEVERITY                   critical|high|medium|low|info|none: exit 1 at or above it (default high)
  --min-severity SEVERITY              do not report findings below it (default low)
  --analyzers LIST                     comma list of secrets,sast,deps,complexity
  --include GLOB / --exclude GLOB      limit the files analysed (repeatable)
  --ai PROVIDERS                       AI review chain, e.g. openai:gpt-4.1-mini,gemini:gemini-2.5-flash
  --baseline FILE                      ignore findings whose fingerprints are in FILE
  --write-baseline FILE                write the reported findings to FILE as a baseline
  -C, --cwd DIR                        repository for review (default .)
  -q, --quiet                          no progress on stderr
  -h, --help / -V, --version
Exit codes: 0 passed, 1 the --fail-on gate failed, 2 usage or input error.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        config: { type: 'string' },
        'fail-on': { type: 'string' },
        'min-severity': { type: 'string' },
        analyzers: { type: 'string' },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        ai: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        cwd: { type: 'string', short: 'C' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (e) {
    return usageFail((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (v.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  const format = v.format as string;
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) return usageFail(`--format '${format}' is not one of text, json, sarif, markdown`);

  const log = stderrLogger(Boolean(v.quiet));
  try {
    let target: RunTarget;
    if (command === 'scan') {
      if (rest.length > 1) throw new UsageError(`scan takes one PATH, got ${rest.length}`);
      const root = resolve(rest[0] ?? v.cwd ?? '.');
      if (!existsSync(root)) throw new UsageError(`PATH '${rest[0]}' does not exist`);
      target = { mode: 'scan', root };
    } else if (command === 'review') {
      if (!v.base) throw new UsageError('review needs --base REF (e.g. --base main or --base HEAD~1)');
      if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}' (use -C DIR to review another repository)`);
      target = { mode: 'review', root: resolve(v.cwd ?? '.'), baseRef: v.base, headRef: v.head };
    } else {
      throw new UsageError(command ? `unknown command '${command}'` : 'missing command (scan or review)');
    }

    const configPath = v.config ?? defaultConfigPath(target.root);
    if (v.config && !existsSync(v.config)) throw new UsageError(`--config file '${v.config}' does not exist`);
    const config = loadConfig({
      inputs: {
        'fail-on': v['fail-on'],
        'min-severity': v['min-severity'],
        analyzers: v.analyzers,
        include: v.include?.join('\n'),
        exclude: v.exclude?.join('\n'),
        'ai-providers': v.ai,
      },
      file: configPath ? { name: configPath, text: readFileSync(configPath, 'utf8') } : undefined,
      env: process.env,
    });
    const baselinePath = v.baseline ?? config.baselineFile;
    const baseline = baselinePath ? readBaseline(baselinePath, Boolean(v.baseline), target.root) : undefined;

    const result = await run({ target, config, log, baseline });
    const color = !v.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    const report = formatReport(result, format as 'text' | 'json' | 'sarif' | 'markdown', { color });
    if (v.output) writeFileSync(v.output, report);
    else process.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
    if (v['write-baseline']) writeFileSync(v['write-baseline'], renderBaseline(result.findings));
    log.info(`${result.findings.length} finding(s); highest severity ${result.highestSeverity}; gate ${result.verdict}`);
    return result.verdict === 'fail' ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) return usageFail(e.message);
    const err = e as Error;
    const known = e instanceof ConfigError || err.name === 'InputError';
    process.stderr.write(`pr-sentinel: ${known ? '' : 'error: '}${err.message}\n`);
    if (!known && process.env.PR_SENTINEL_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

function usageFail(message: string): number {
  process.stderr.write(`pr-sentinel: ${message}\nRun 'pr-sentinel --help' for usage.\n`);
  return 2;
}

function defaultConfigPath(root: string): string | undefined {
  const p = resolve(root, '.github/pr-sentinel.yml');
  return existsSync(p) ? p : undefined;
}

function readBaseline(path: string, explicit: boolean, root: string): Set<string> | undefined {
  const full = explicit ? resolve(path) : resolve(root, path);
  if (!existsSync(full)) {
    if (explicit) throw new UsageError(`--baseline file '${path}' does not exist`);
    return undefined;
  }
  return parseBaseline(path, readFileSync(full, 'utf8'));
}

function stderrLogger(quiet: boolean): Logger {
  const secrets = new Set<string>();
  const clean = (m: string) => {
    let out = m;
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
  return {
    debug: (m) => {
      if (process.env.PR_SENTINEL_DEBUG) process.stderr.write(`debug: ${clean(m)}\n`);
    },
    info: (m) => {
      if (!quiet) process.stderr.write(`${clean(m)}\n`);
    },
    warn: (m) => process.stderr.write(`warning: ${clean(m)}\n`),
    setSecret: (s) => {
      if (s.length >= 4) secrets.add(s);
    },
  };
}

// Run when executed directly (bin or `node dist/cli.js`), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:cli\.(?:js|ts|mjs)|pr-sentinel)$/.test(invoked)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`pr-sentinel: error: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
