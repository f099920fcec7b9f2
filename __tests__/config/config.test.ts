import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, OPTIONS, parseConfigFile } from '../../src/config/index.js';

const file = (text: string) => ({ file: { name: '.github/pr-sentinel.yml', text } });

describe('config defaults', () => {
  it('has every documented default and all analyzers on', () => {
    const c = loadConfig();
    expect(c.analyzers).toEqual(['secrets', 'sast', 'deps', 'complexity']);
    expect(c.failOn).toBe('high');
    expect(c.maxComments).toBe(30);
    expect(c.complexity).toEqual({ cyclomaticWarning: 10, cyclomaticCritical: 20, cognitive: 15, nesting: 4, length: 80, params: 6 });
    expect(c.osvUrl).toBe('https://api.osv.dev');
    expect(c.aiProviders).toEqual([]);
    expect(c.knowledgeThreshold).toBe(0.75);
  });
  it('every option has a description and a kebab-case key', () => {
    for (const o of OPTIONS) {
      expect(o.key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(o.description.length).toBeGreaterThan(10);
    }
  });
});

describe('merging', () => {
  it('reads the file and lets explicit inputs win; empty inputs count as unset', () => {
    const c = loadConfig({
      ...file('fail-on: medium\nmax-comments: 5\nexclude:\n  - "docs/**"\n  - "**/*.snap"\n'),
      inputs: { 'fail-on': 'critical', 'max-comments': '' },
    });
    expect(c.failOn).toBe('critical');
    expect(c.maxComments).toBe(5);
    expect(c.exclude).toEqual(['docs/**', '**/*.snap']);
    expect(c.raw['fail-on']).toBe('critical');
  });
  it('splits list inputs on commas and newlines', () => {
    const c = loadConfig({ inputs: { analyzers: 'secrets, sast\ndeps', 'ai-providers': 'openai:gpt-4.1-mini,gemini:gemini-2.5-flash' } });
    expect(c.analyzers).toEqual(['secrets', 'sast', 'deps']);
    expect(c.aiProviders).toEqual(['openai:gpt-4.1-mini', 'gemini:gemini-2.5-flash']);
  });
  it('takes keys and URLs from the environment when inputs are unset, inputs first otherwise', () => {
    const env = { OPENAI_API_KEY: 'sk-env', PR_SENTINEL_OSV_URL: 'http://127.0.0.1:9/', GOOGLE_API_KEY: 'g-env' };
    expect(loadConfig({ env }).openaiApiKey).toBe('sk-env');
    expect(loadConfig({ env }).osvUrl).toBe('http://127.0.0.1:9');
    expect(loadConfig({ env }).geminiApiKey).toBe('g-env');
    expect(loadConfig({ env, inputs: { 'openai-api-key': 'sk-input' } }).openaiApiKey).toBe('sk-input');
  });
  it('parses complexity overrides and the price table', () => {
    const c = loadConfig(file('complexity-overrides:\n  - languages: [go]\n    cyclomatic-warning: 15\n  - paths: ["legacy/**"]\n    length: 200\nai-price-table:\n  my-model: { input: 0.5, output: 1.5 }\n'));
    expect(c.complexityOverrides).toEqual([{ languages: ['go'], cyclomaticWarning: 15 }, { paths: ['legacy/**'], length: 200 }]);
    expect(c.aiPriceTable['my-model']).toEqual({ input: 0.5, output: 1.5 });
  });
});

describe('invalid configuration names key, value and what is allowed', () => {
  const expectError = (fn: () => unknown, ...parts: string[]) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    for (const p of parts) expect((err as Error).message).toContain(p);
  };
  it('bad enum in the file', () => expectError(() => loadConfig(file('fail-on: severe\n')), 'fail-on', '"severe"', 'critical, high, medium, low, info, none', 'pr-sentinel.yml'));
  it('bad integer input', () => expectError(() => loadConfig({ inputs: { 'max-comments': '3.5' } }), "input 'max-comments'", '"3.5"', 'whole number from 0 to 200'));
  it('out of range', () => expectError(() => loadConfig(file('max-comments: 1000\n')), 'max-comments', '1000', 'from 0 to 200'));
  it('bad boolean', () => expectError(() => loadConfig({ inputs: { annotations: 'maybe' } }), 'annotations', '"maybe"', 'true or false'));
  it('unknown analyzer', () => expectError(() => loadConfig({ inputs: { analyzers: 'secrets,lint' } }), 'analyzers', '"lint"', 'secrets, sast, deps, complexity'));
  it('unknown key with a hint', () => expectError(() => parseConfigFile('c.yml', 'fail_on: high\n'), "unknown key 'fail_on'", "did you mean 'fail-on'"));
  it('secrets are refused in the committed file', () => expectError(() => parseConfigFile('c.yml', 'openai-api-key: sk-123\n'), 'openai-api-key', 'must not be committed'));
  it('input-only keys are refused in the file', () => expectError(() => parseConfigFile('c.yml', 'github-token: x\n'), 'github-token'));
  it('invalid YAML names the file and line', () => expectError(() => parseConfigFile('c.yml', 'fail-on: high\nexclude: [a, b\n'), 'c.yml:', 'invalid YAML'));
  it('duplicate keys are an error', () => expectError(() => parseConfigFile('c.yml', 'fail-on: high\nfail-on: low\n'), 'c.yml'));
  it('a list at the top level', () => expectError(() => parseConfigFile('c.yml', '- fail-on\n'), 'top level must be a mapping'));
  it('bad override entry', () => expectError(() => loadConfig(file('complexity-overrides:\n  - languages: go\n')), "complexity-overrides'[0].languages"));
  it('unknown override key', () => expectError(() => loadConfig(file('complexity-overrides:\n  - depth: 3\n')), "unknown key 'depth'"));
  it('bad JSON in an object input', () => expectError(() => loadConfig({ inputs: { 'ai-price-table': '{oops' } }), 'ai-price-table', 'not valid JSON'));
  it('bad price', () => expectError(() => loadConfig({ inputs: { 'ai-price-table': '{"m":{"input":"cheap"}}' } }), "'ai-price-table'.m"));
  it('an empty file is fine', () => expect(parseConfigFile('c.yml', '')).toEqual({}));
});

describe('property: the loader only ever throws ConfigError', () => {
  it('on arbitrary file text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          loadConfig(file(text));
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
  it('on arbitrary YAML-ish mappings of known keys', () => {
    const keys = OPTIONS.filter((o) => !o.secret && !o.inputOnly).map((o) => o.key);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 })), (obj) => {
        try {
          loadConfig(file(JSON.stringify(obj)));
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
  it('on arbitrary input strings', () => {
    const keys = OPTIONS.map((o) => o.key);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.string({ maxLength: 40 })), (inputs) => {
        try {
          loadConfig({ inputs });
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});
