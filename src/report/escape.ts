/**
 * Escaping for text that comes from the pull request (messages quote code, paths are chosen by the author, AI text
 * follows the code it read): every sink that renders markdown or HTML goes through these, so a PR cannot inject
 * links, images, HTML, @mentions or break out of a table or code span.
 */

const ZWSP = '\u200b';

/** "@user" and "@org/team" stop notifying anyone: a zero-width space after the @ keeps the text readable. */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}

/** Plain text → inline markdown that renders as the same text: no HTML, links, emphasis, headings or mentions. */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // With "[" and "]" escaped no link or image can form, so "(" and "!" may stay readable.
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    // A leading "-", "+", "#" or "1." would start a list or heading when the text begins a line.
    .replace(/^(\s*)([-=+#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
  return neutralizeMentions(escaped);
}

/**
 * Like escapeInline, but `code` spans the analyzers write in messages stay code spans (their content is shown
 * verbatim, so nothing inside can inject markup).
 */
export function escapeInlineWithCode(text: string, max = 300, inTable = false): string {
  const one = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const clipped = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  const out: string[] = [];
  let last = 0;
  for (const m of clipped.matchAll(/`([^`]+)`/g)) {
    out.push(escapeMarkdown(clipped.slice(last, m.index)), codeSpan(m[1]!, { inTable, max: 200 }));
    last = m.index + m[0].length;
  }
  out.push(escapeMarkdown(clipped.slice(last)));
  return out.join('');
}

/** Inline markdown on one line (table cells, list items): newlines fold into spaces, long text is clipped. */
export function escapeInline(text: string, max = 300): string {
  const one = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return escapeMarkdown(one.length > max ? `${one.slice(0, max - 1)}…` : one);
}

/** A code span holding `text` verbatim, whatever backticks it contains; `|` is escaped for table cells. */
export function codeSpan(text: string, opts: { inTable?: boolean; max?: number } = {}): string {
  let one = text.replace(/[\r\n]+/g, ' ');
  const max = opts.max ?? 120;
  if (one.length > max) one = `${one.slice(0, max - 1)}…`;
  if (one === '') return '` `';
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || (one.startsWith(' ') && one.endsWith(' ')) ? ' ' : '';
  let out = `${fence}${pad}${one}${pad}${fence}`;
  // GitHub treats "|" as a cell separator even inside code spans; "\|" renders as "|" there.
  if (opts.inTable) out = out.replace(/\|/g, '\\|');
  return out;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

/**
 * Markdown written by a model (the AI summary): kept as markdown, but raw HTML is shown as text, mentions are
 * neutralised and images (which fetch a URL when rendered) become plain links.
 */
export function sanitizeMarkdown(text: string): string {
  return neutralizeMentions(text.replace(/</g, '&lt;').replace(/!\[/g, '\\!['));
}

/** Value for a hidden HTML comment: nothing in it can close the comment early. */
export function commentSafe(text: string): string {
  // An HTML comment only ends at ">" ("-->" or "--!>"), so no ">" means no early end.
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** JSON for a hidden marker: `<` and `>` (only legal inside strings) as unicode escapes, so it parses back unchanged. */
export function markerJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>]/g, (c) => (c === '<' ? '\\u003c' : '\\u003e'));
}

/** Clips markdown at a byte-safe length, with a note, keeping whole lines. */
export function clip(markdown: string, maxChars: number, note = '\n\n_… truncated to fit GitHub\'s size limit._\n'): string {
  if (markdown.length <= maxChars) return markdown;
  const cut = markdown.lastIndexOf('\n', maxChars - note.length);
  return markdown.slice(0, cut > 0 ? cut : maxChars - note.length) + note;
}
