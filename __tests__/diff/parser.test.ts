import { describe, expect, it } from 'vitest';
import { addedLines, parseGitDiff, parsePatch, readQuoted } from '../../src/diff/parser.js';

const git = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseGitDiff', () => {
  it('reads a modification with line numbers on both sides and the hunk header text', () => {
    const [f, ...rest] = parseGitDiff(
      git(
        'diff --git a/src/app.py b/src/app.py',
        'index 1111111..2222222 100644',
        '--- a/src/app.py',
        '+++ b/src/app.py',
        '@@ -10,4 +10,5 @@ def handler(event):',
        '     a = 1',
        '-    b = 2',
        '+    b = 3',
        '+    c = 4',
        '     return a',
        '     # end',
      ),
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: 'src/app.py', status: 'modified', binary: false, additions: 2, deletions: 1, oldMode: '100644', newMode: '100644' });
    expect(f!.oldPath).toBeUndefined();
    const h = f!.hunks[0]!;
    expect(h).toMatchObject({ oldStart: 10, oldLines: 4, newStart: 10, newLines: 5, header: 'def handler(event):' });
    expect(h.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.text])).toEqual([
      ['context', 10, 10, '    a = 1'],
      ['del', 11, undefined, '    b = 2'],
      ['add', undefined, 11, '    b = 3'],
      ['add', undefined, 12, '    c = 4'],
      ['context', 12, 13, '    return a'],
      ['context', 13, 14, '    # end'],
    ]);
    expect([...addedLines(f!)]).toEqual([11, 12]);
  });

  it('reads a rename with similarity and paths containing spaces (trailing tab on ---/+++)', () => {
    const [f] = parseGitDiff(
      git(
        'diff --git a/sp ace.txt b/sp ace2.txt',
        'similarity index 82%',
        'rename from sp ace.txt',
        'rename to sp ace2.txt',
        'index b566061..2019eda 100644',
        '--- a/sp ace.txt\t',
        '+++ b/sp ace2.txt\t',
        '@@ -4,3 +4,4 @@ three',
        ' four',
        ' five',
        ' six',
        '+seven',
      ),
    );
    expect(f).toMatchObject({ path: 'sp ace2.txt', oldPath: 'sp ace.txt', status: 'renamed', similarity: 82, additions: 1 });
    expect([...addedLines(f!)]).toEqual([7]);
  });

  it('reads a pure rename (no hunks) with spaces and no ---/+++ lines', () => {
    const [f] = parseGitDiff(git('diff --git a/my dir/a b.txt b/my dir/c d.txt', 'similarity index 100%', 'rename from my dir/a b.txt', 'rename to my dir/c d.txt'));
    expect(f).toMatchObject({ path: 'my dir/c d.txt', oldPath: 'my dir/a b.txt', status: 'renamed', similarity: 100, hunks: [] });
  });

  it('reads a copy with its similarity', () => {
    const [f] = parseGitDiff(
      git('diff --git a/orig.txt b/copy.txt', 'similarity index 87%', 'copy from orig.txt', 'copy to copy.txt', 'index a3d0339..f62562a 100644', '--- a/orig.txt', '+++ b/copy.txt', '@@ -5,3 +5,4 @@ line4', ' line5', ' line6', ' line7', '+line8'),
    );
    expect(f).toMatchObject({ path: 'copy.txt', oldPath: 'orig.txt', status: 'copied', similarity: 87 });
    expect([...addedLines(f!)]).toEqual([8]);
  });

  it('reads new and deleted files (/dev/null) with their modes; a deletion keeps the base path', () => {
    const files = parseGitDiff(
      git(
        'diff --git a/new.js b/new.js',
        'new file mode 100755',
        'index 0000000..1111111',
        '--- /dev/null',
        '+++ b/new.js',
        '@@ -0,0 +1,2 @@',
        '+a',
        '+b',
        'diff --git a/old.js b/old.js',
        'deleted file mode 100644',
        'index 2222222..0000000',
        '--- a/old.js',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-gone',
      ),
    );
    expect(files.map((f) => [f.path, f.status, f.oldMode, f.newMode, f.additions, f.deletions])).toEqual([
      ['new.js', 'added', undefined, '100755', 2, 0],
      ['old.js', 'deleted', '100644', undefined, 0, 1],
    ]);
    expect(files[0]!.hunks[0]!.lines.map((l) => l.newLine)).toEqual([1, 2]);
    expect(files[1]!.hunks[0]!.lines[0]).toMatchObject({ kind: 'del', oldLine: 1, text: 'gone' });
  });

  it('reads a mode-only change', () => {
    const [f] = parseGitDiff(git('diff --git a/exec.sh b/exec.sh', 'old mode 100644', 'new mode 100755'));
    expect(f).toMatchObject({ path: 'exec.sh', status: 'modified', oldMode: '100644', newMode: '100755', hunks: [], binary: false });
  });

  it('marks "Binary files … differ" and GIT binary patch files binary, without eating the next file', () => {
    const files = parseGitDiff(
      git(
        'diff --git a/bin.dat b/bin.dat',
        'new file mode 100644',
        'index 0000000..bdc955b',
        'Binary files /dev/null and b/bin.dat differ',
        'diff --git a/img.png b/img.png',
        'index bdc955b..8352675 100644',
        'GIT binary patch',
        'literal 3',
        'KcmZQzWC8#H2LJ>B',
        '',
        'literal 2',
        '-+@@ -1 +1 @@ looks like a header but is base85',
        '',
        'diff --git a/gone.bin b/gone.bin',
        'deleted file mode 100644',
        'Binary files a/gone.bin and /dev/null differ',
        'diff --git a/t.txt b/t.txt',
        '--- a/t.txt',
        '+++ b/t.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
    );
    expect(files.map((f) => [f.path, f.status, f.binary, f.hunks.length])).toEqual([
      ['bin.dat', 'added', true, 0],
      ['img.png', 'modified', true, 0],
      ['gone.bin', 'deleted', true, 0],
      ['t.txt', 'modified', false, 1],
    ]);
  });

  it('ignores "\\ No newline at end of file" markers on either side', () => {
    const [f] = parseGitDiff(git('diff --git a/n.txt b/n.txt', '--- a/n.txt', '+++ b/n.txt', '@@ -1,2 +1,2 @@', ' keep', '-abc', '\\ No newline at end of file', '+abcd', '\\ No newline at end of file'));
    expect(f!.hunks[0]!.lines.map((l) => `${l.kind}:${l.text}`)).toEqual(['context:keep', 'del:abc', 'add:abcd']);
    expect(f!.hunks[0]!.lines.map((l) => l.noNewline ?? false)).toEqual([false, true, true]);
    expect([...addedLines(f!)]).toEqual([2]);
  });

  it('strips CR of CRLF lines, in headers and in content', () => {
    const text = ['diff --git a/c.txt b/c.txt', 'index c30dea8..57213eb 100644', '--- a/c.txt', '+++ b/c.txt', '@@ -1,2 +1,2 @@', ' a\r', '-b\r', '+B\r', ''].join('\r\n').replace(/\r\r/g, '\r');
    const [f] = parseGitDiff(text);
    expect(f).toMatchObject({ path: 'c.txt', newMode: '100644' });
    expect(f!.hunks[0]!.lines.map((l) => l.text)).toEqual(['a', 'b', 'B']);
  });

  it('decodes non-UTF-8 bytes lossily instead of failing', () => {
    const buf = Buffer.concat([
      Buffer.from('diff --git a/l.txt b/l.txt\n--- a/l.txt\n+++ b/l.txt\n@@ -1 +1 @@\n-'),
      Buffer.from([0xff, 0xfe, 0x20, 0x62, 0x61, 0x64]),
      Buffer.from('\n+caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const [f] = parseGitDiff(buf);
    expect(f!.hunks[0]!.lines.map((l) => l.text)).toEqual(['\uFFFD\uFFFD bad', 'caf\uFFFD']);
  });

  it('unquotes quoted paths with octal escapes as UTF-8', () => {
    const files = parseGitDiff(
      git(
        'diff --git "a/t\\303\\251st.txt" "b/t\\303\\251st.txt"',
        'deleted file mode 100644',
        '--- "a/t\\303\\251st.txt"',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-héllo',
        'diff --git "a/tab\\there.txt" "b/quote\\"d.txt"',
        'similarity index 100%',
        'rename from "tab\\there.txt"',
        'rename to "quote\\"d.txt"',
      ),
    );
    expect(files.map((f) => [f.path, f.oldPath, f.status])).toEqual([
      ['tést.txt', undefined, 'deleted'],
      ['quote"d.txt', 'tab\there.txt', 'renamed'],
    ]);
    expect(readQuoted('"\\346\\227\\245\\346\\234\\254.md" rest')).toEqual({ value: '日本.md', end: 29 });
  });

  it('takes the path from the diff --git line when nothing else names it (mode change with spaces)', () => {
    const [f] = parseGitDiff(git('diff --git a/a b c b/a b c', 'old mode 100644', 'new mode 100755'));
    expect(f!.path).toBe('a b c');
  });

  it('does not take removed "-- x" / added "++ y" lines inside a hunk for file headers', () => {
    const [f, g] = parseGitDiff(git('diff --git a/s.sql b/s.sql', '--- a/s.sql', '+++ b/s.sql', '@@ -1,2 +1,2 @@', '--- comment', '+++ counter', ' x', 'diff --git a/t b/t', '--- a/t', '+++ b/t', '@@ -1 +1 @@', '-1', '+2'));
    expect(f!.path).toBe('s.sql');
    expect(f!.hunks[0]!.lines.map((l) => `${l.kind}:${l.text}`)).toEqual(['del:-- comment', 'add:++ counter', 'context:x']);
    expect(g!.path).toBe('t');
  });

  it('reads several hunks and plain unified diffs without diff --git', () => {
    const [f] = parseGitDiff(git('--- a/x.c\t2024-01-01 00:00:00', '+++ b/x.c\t2024-01-02 00:00:00', '@@ -1,1 +1,2 @@', ' a', '+b', '@@ -10 +11,0 @@', '-z'));
    expect(f).toMatchObject({ path: 'x.c', status: 'modified', additions: 1, deletions: 1 });
    expect(f!.hunks.map((h) => [h.oldStart, h.newStart])).toEqual([
      [1, 1],
      [10, 11],
    ]);
  });

  it('skips combined (merge) diffs and survives truncated hunks', () => {
    const files = parseGitDiff(git('diff --cc m.txt', 'index 1,2..3', '@@@ -1,1 -1,1 +1,1 @@@', '- a', ' +b', 'diff --git a/t.txt b/t.txt', '--- a/t.txt', '+++ b/t.txt', '@@ -1,5 +1,5 @@', ' one', '-two'));
    expect(files.map((f) => f.path)).toEqual(['t.txt']);
    expect(files[0]!.hunks[0]!.lines).toHaveLength(2);
  });

  it('returns nothing for empty or unrelated input', () => {
    expect(parseGitDiff('')).toEqual([]);
    expect(parseGitDiff('hello\nworld')).toEqual([]);
    expect(parseGitDiff(Buffer.alloc(0))).toEqual([]);
  });
});

describe('parsePatch (GitHub API per-file patches)', () => {
  it('reads bare hunks without headers, including a missing final newline', () => {
    const p = parsePatch('@@ -1,3 +1,4 @@ class A\n import os\n-x = 1\n+x = 2\n+y = 3\n z\n@@ -20,0 +21 @@\n+tail\n\\ No newline at end of file');
    expect(p.additions).toBe(3);
    expect(p.deletions).toBe(1);
    expect(p.hunks).toHaveLength(2);
    expect(p.hunks[0]!.header).toBe('class A');
    expect([...addedLines(p)]).toEqual([2, 3, 21]);
  });

  it('handles CRLF patches and an empty patch', () => {
    expect(parsePatch('@@ -1 +1 @@\r\n-a\r\n+b\r\n').hunks[0]!.lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(parsePatch('')).toEqual({ hunks: [], additions: 0, deletions: 0 });
  });
});
