/**
 * requirements*.txt (pip): pins and ranges with extras and markers, `-e`/VCS lines with `#egg=`, direct URLs,
 * comments, `\` continuations and per-line options (`--hash=…`). Option lines (-r, -c, -i, --index-url) are skipped.
 */
import { sourceOfUrl } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';
import { normalizePyName, parseRequirement } from './pep508.js';

function urlRequirement(url: string): { name?: string; version?: string } {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url);
  if (egg) {
    const [name, version] = egg[1]!.split(/-(?=\d)/);
    return { name, version };
  }
  // An sdist or wheel file name: pkg-1.2.3.tar.gz / pkg-1.2.3-py3-none-any.whl
  const file = /\/([A-Za-z0-9._]+?)-(\d[A-Za-z0-9.]*?)(?:\.tar\.gz|\.zip|-[^/]*\.whl)(?:[#?].*)?$/.exec(url);
  return file ? { name: file[1], version: file[2] } : {};
}

export function parseRequirements(text: string): ParseResult {
  const deps: Dep[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    let l = lines[n]!;
    while (l.endsWith('\\') && n + 1 < lines.length) l = l.slice(0, -1) + ' ' + lines[++n]!;
    l = l.replace(/(^|\s)#.*$/, '').replace(/\s--?[a-z][\w-]*(=\S+)?/g, (m) => (/^\s--hash|^\s--global-option|^\s--install-option|^\s--config-settings/.test(m) ? '' : m)).trim();
    if (!l) continue;
    const editable = /^(?:-e|--editable)\s+(\S+)/.exec(l);
    if (editable || /^(git\+|hg\+|svn\+|bzr\+|https?:\/\/|file:)/.test(l)) {
      const url = editable ? editable[1]! : l.split(/\s+/)[0]!;
      const { name, version } = urlRequirement(url);
      if (!name) continue;
      const source = /^(git\+|hg\+|svn\+|bzr\+)/.test(url) ? 'git' : (sourceOfUrl(url) ?? 'path');
      deps.push({ ecosystem: 'PyPI', name: normalizePyName(name), version: version ? `==${version}` : '', direct: true, line: lineNo, source, url });
      continue;
    }
    if (l.startsWith('-')) continue; // -r, -c, -i, --index-url, --find-links…
    const req = parseRequirement(l);
    if (!req) continue;
    deps.push({ ecosystem: 'PyPI', name: req.name, version: req.spec, direct: true, line: lineNo, source: req.source, url: req.url });
  }
  return { deps };
}
