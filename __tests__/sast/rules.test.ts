/**
 * Every rule's own examples through the real engine: each bad snippet must trigger the rule, each good one must not.
 * Also: the compiled JSON is fresh, every query compiles for every grammar it claims, and the scores hold.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATED, generatedText } from '../../src/analyzers/sast/compile-rules.js';
import { runExamples, scoreByFamily, type ExampleResult } from '../../src/analyzers/sast/examples.js';
import { compileQuery } from '../../src/analyzers/sast/query.js';
import { allRules, FOLDERS } from '../../src/analyzers/sast/ruleset.js';
import { analyzer } from '../../src/analyzers/sast/index.js';
import { scanText } from '../../src/analyzers/sast/engine.js';
import { loadLanguage } from '../../src/parse/index.js';

let results: ExampleResult[] = [];
beforeAll(async () => {
  results = await runExamples();
});

describe('sast rule data', () => {
  it('rules.generated.json matches the YAML sources (run compile-rules.ts after editing rules)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedText());
  });

  it('ids are unique, prefixed sast/, and every rule is listed by the analyzer', () => {
    const ids = allRules().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sast\//);
    expect(analyzer.rules().map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const m of analyzer.rules()) expect(m.cwe?.length).toBeGreaterThan(0);
  });

  it('covers the required languages', () => {
    const langs = new Set(FOLDERS.flatMap((f) => f.language.languages));
    for (const l of ['python', 'javascript', 'typescript', 'tsx', 'java', 'go', 'csharp', 'php', 'ruby', 'kotlin', 'c', 'cpp', 'bash', 'dockerfile', 'yaml', 'hcl']) {
      expect(langs, l).toContain(l);
    }
  });

  it('every query compiles for every language it applies to', async () => {
    const failures: string[] = [];
    for (const f of FOLDERS) {
      for (const rule of f.rules.filter((r) => r.kind === 'query')) {
        for (const lang of rule.languages ?? f.language.languages) {
          const language = await loadLanguage(lang);
          if (!language) {
            failures.push(`${rule.id}: no grammar for ${lang}`);
            continue;
          }
          const q = compileQuery(language, { ...rule, folder: f.folder });
          if (q instanceof Error) failures.push(`${rule.id} (${lang}): ${q.message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('sast rule examples', () => {
  it('every bad example triggers its rule and every good example does not', () => {
    const failing = results.filter((r) => !r.ok).map((r) => `${r.ruleId} ${r.kind}[${r.index}]`);
    expect(failing).toEqual([]);
    expect(results.filter((r) => r.problems.length > 0).flatMap((r) => r.problems)).toEqual([]);
  });

  it('every rule has at least two bad and two good examples that ran', () => {
    for (const rule of allRules()) {
      expect(results.filter((r) => r.ruleId === rule.id && r.kind === 'bad').length, rule.id).toBeGreaterThanOrEqual(2);
      expect(results.filter((r) => r.ruleId === rule.id && r.kind === 'good').length, rule.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('JavaScript rules give the same verdicts on the TypeScript and TSX grammars', async () => {
    const js = FOLDERS.find((f) => f.folder === 'javascript')!;
    const mismatches: string[] = [];
    for (const lang of ['typescript', 'tsx']) {
      for (const rule of js.rules.filter((r) => !r.languages || r.languages.includes(lang))) {
        for (const kind of ['bad', 'good'] as const) {
          for (const [i, text] of rule.examples[kind].entries()) {
            const fired = (await scanText('a.ts', lang, text)).findings.some((f) => f.ruleId === rule.id);
            if (fired !== (kind === 'bad')) mismatches.push(`${lang} ${rule.id} ${kind}[${i}]`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('overall precision and recall over the examples are at least 0.90', () => {
    const { families, overall } = scoreByFamily(results);
    expect(families.length).toBeGreaterThanOrEqual(15);
    expect(overall.precision).toBeGreaterThanOrEqual(0.9);
    expect(overall.recall).toBeGreaterThanOrEqual(0.9);
  });
});
