/**
 * Redaction for everything that shows or sends text which may hold a secret: finding snippets, the AI review
 * prompt, reports and logs. It runs the same rules as the analyzer (without the entropy threshold: masking too much
 * is harmless, leaking is not) and also masks private-key bodies whose END line is missing from the text.
 */
import { detectSecrets } from './detect.js';
import { ELLIPSIS, maskSecret } from './mask.js';

export { maskSecret } from './mask.js';

interface Span {
  start: number;
  end: number;
}

// A private-key header, then base64 lines (or "\n"-escaped base64 in one line) up to END or the first other line.
const PEM_BODY = /-----BEGIN[ A-Z0-9_-]{0,60}PRIVATE KEY(?: BLOCK)?-----((?:\\r|\\n|\r|\n|[ \t])*(?:(?!-----)[A-Za-z0-9+/=:, -]{1,200}(?:\\r|\\n|\r|\n|$))*)/g;

/** Masks a multi-line value line by line so the text keeps its line numbers. */
function maskPreservingLines(value: string): string {
  const first = maskSecret(value);
  let usedFirst = false;
  return value.replace(/[^\r\n]+/g, (chunk) => {
    if (chunk.trim() === '') return chunk;
    if (!usedFirst) {
      usedFirst = true;
      return first;
    }
    return ELLIPSIS;
  });
}

/** Masks every secret the rules recognise in `text`; the result has the same number of lines. */
export function redactText(text: string): string {
  if (text.length === 0) return text;
  const spans: Span[] = detectSecrets(text, { mode: 'redact' }).map((m) => ({ start: m.secretStart, end: m.secretEnd }));
  PEM_BODY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEM_BODY.exec(text)) !== null) {
    const body = m[1] ?? '';
    if (body.trim().replace(/\\[rn]/g, '') !== '') spans.push({ start: m.index + m[0].length - body.length, end: m.index + m[0].length });
    if (m[0].length === 0) PEM_BODY.lastIndex++;
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let out = '';
  let pos = 0;
  for (const s of merged) {
    const value = text.slice(s.start, s.end);
    out += text.slice(pos, s.start) + (/[\r\n]/.test(value) ? maskPreservingLines(value) : maskSecret(value));
    pos = s.end;
  }
  return out + text.slice(pos);
}
