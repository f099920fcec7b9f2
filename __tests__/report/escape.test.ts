import { describe, expect, it } from 'vitest';
import { codeSpan, escapeInline, escapeInlineWithCode, escapeMarkdown, markerJson, neutralizeMentions, sanitizeMarkdown } from '../../src/report/escape.js';

describe('escaping PR-controlled text', () => {
  it('neutralises mentions, HTML, links and images', () => {
    const out = escapeMarkdown('hi @octocat and @org/team <img src=x onerror=alert(1)> [click](https://evil) ![i](https://t)');
    expect(out).not.toMatch(/@octocat|@org/);
    expect(out).toContain('@\u200boctocat');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/(?<!\\)\]\(https/);
    expect(out).not.toMatch(/(?<!\\)\[/);
    expect(neutralizeMentions('mail a@b.com')).toBe('mail a@b.com');
  });

  it('keeps table cells on one line and escapes pipes', () => {
    expect(escapeInline('a | b\nc')).toBe('a \\| b c');
    expect(codeSpan('x | y', { inTable: true })).toBe('`x \\| y`');
  });

  it('keeps analyzer code spans as code, with hostile content inert', () => {
    expect(escapeInlineWithCode('key `AKI…D4N` in *x*')).toBe('key `AKI…D4N` in \\*x\\*');
    expect(escapeInlineWithCode('a `x|<b>` b', 100, true)).toBe('a `x\\|<b>` b');
    expect(escapeInlineWithCode('odd ` tick')).toBe('odd \\` tick');
  });

  it('builds code spans that survive backticks', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
  });

  it('keeps AI markdown but defuses HTML and images', () => {
    const out = sanitizeMarkdown('**ok** <script>x</script> ![p](http://t) @admin');
    expect(out).toContain('**ok**');
    expect(out).not.toContain('<script>');
    expect(out).not.toMatch(/(^|[^\\])!\[/);
    expect(out).not.toContain('@admin');
  });

  it('marker JSON cannot close the HTML comment and parses back', () => {
    const state = { reviewedSha: 'x-->y<!--', n: -1 };
    const s = markerJson(state);
    expect(s).not.toContain('>');
    expect(JSON.parse(s)).toEqual(state);
  });
});
