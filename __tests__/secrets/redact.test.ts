import { describe, expect, it } from 'vitest';
import { maskSecret, redactText } from '../../src/analyzers/secrets/redact.js';
import { ALNUM, awsKeyId, fake, githubPat, pemBlock, slackBot, stripeLive } from './fakes.js';

describe('maskSecret', () => {
  it('keeps at most 4 leading and 4 trailing characters and never more than a third of the value', () => {
    for (let n = 1; n <= 80; n++) {
      const v = fake('', ALNUM, n);
      const m = maskSecret(v);
      const [lead, trail] = m.split('…') as [string, string];
      expect(m).toContain('…');
      expect(lead.length).toBeLessThanOrEqual(4);
      expect(trail.length).toBeLessThanOrEqual(4);
      expect(lead.length + trail.length).toBeLessThanOrEqual(Math.floor(n / 3));
      expect(v.startsWith(lead)).toBe(true);
      expect(v.endsWith(trail)).toBe(true);
    }
  });
  it('shows 4 + 4 for long tokens and nothing for very short values', () => {
    const pat = githubPat();
    expect(maskSecret(pat)).toBe(`${pat.slice(0, 4)}…${pat.slice(-4)}`);
    expect(maskSecret('abc')).toBe('…');
    expect(maskSecret('abcdef')).toBe('a…f');
  });
});

describe('redactText', () => {
  it('masks provider tokens wherever they appear and keeps the rest of the text', () => {
    const pat = githubPat();
    const key = awsKeyId();
    const live = stripeLive();
    const text = `const a = "${pat}";\nexport AWS_ACCESS_KEY_ID=${key}\nstripe.api_key = '${live}'  # billing\nplain line`;
    const out = redactText(text);
    for (const raw of [pat, key, live]) {
      expect(out).not.toContain(raw);
      expect(out).toContain(maskSecret(raw));
    }
    expect(out).toContain('# billing\nplain line');
    expect(out.split('\n')).toHaveLength(4);
  });

  it('masks generic passwords even when their entropy is below the reporting threshold', () => {
    const weak = ['Hunter2', 'Hunter2'].join('');
    const out = redactText(`DB_PASSWORD = "${weak}"`);
    expect(out).not.toContain(weak);
  });

  it('masks private-key bodies and keeps the line count (complete, truncated and JSON-escaped blocks)', () => {
    const pem = pemBlock();
    const body = pem.split('\n').slice(1, -1);
    const out = redactText(`key:\n${pem}\nafter`);
    expect(out.split('\n')).toHaveLength(pem.split('\n').length + 2);
    for (const l of body) expect(out).not.toContain(l);
    expect(out).toContain('after');

    const truncated = pem.split('\n').slice(0, 4).join('\n');
    const outT = redactText(truncated);
    for (const l of truncated.split('\n').slice(1)) expect(outT).not.toContain(l);

    const escaped = `{"private_key": "${pem.replaceAll('\n', '\\n')}\\n"}`;
    const outE = redactText(escaped);
    for (const l of body) expect(outE).not.toContain(l);
  });

  it('masks secrets in unified-diff text sent to an LLM (added lines start with +)', () => {
    const pat = githubPat();
    const pem = pemBlock('PRIVATE KEY', 4);
    const diff = ['@@ -1,2 +1,9 @@', ' import os', `+TOKEN = "${pat}"`, ...pem.split('\n').map((l) => `+${l}`), ' x = 1'].join('\n');
    const out = redactText(diff);
    expect(out).not.toContain(pat);
    for (const l of pem.split('\n').slice(1, -1)) expect(out).not.toContain(l);
    expect(out.split('\n')).toHaveLength(diff.split('\n').length);
  });

  it('masks a Slack token inside a URL-ish context and returns unrelated text untouched', () => {
    const tok = slackBot();
    expect(redactText(`SLACK=${tok}`)).not.toContain(tok);
    const plain = 'function add(a, b) { return a + b; }\n// token handling lives in auth.ts\n';
    expect(redactText(plain)).toBe(plain);
    expect(redactText('')).toBe('');
  });
});
