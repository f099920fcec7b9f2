/**
 * The checks that need no network, on every added or changed entry: downgrades, git and plain-http sources,
 * typosquats of directly declared names, and install scripts newly added to package.json.
 */
import type { FindingSink, Parsed } from './report.js';
import { typosquatTarget } from './typosquat.js';

/** A full commit hash cannot be moved to other code; a branch or tag can. */
const PINNED_COMMIT = /(^|[#@=/])[0-9a-f]{40}\b/;

export function localChecks(parsed: Parsed[], sink: FindingSink): void {
  for (const p of parsed) {
    for (const { dep, kind, previous } of p.changes) {
      if (kind === 'unchanged') continue;
      if (kind === 'downgraded') sink.report(p, dep, 'deps/downgrade', `${dep.name} is downgraded from ${previous} to ${dep.version}.`, { properties: { from: previous, to: dep.version } });
      if (dep.source === 'git') {
        const pinned = PINNED_COMMIT.test(dep.url ?? dep.version);
        const what = dep.packageSource ? `Packages can come from the git repository ${dep.url}` : `${dep.name} is installed from a git repository (${dep.url ?? dep.version})`;
        const risk = dep.packageSource ? '' : pinned ? '; it is pinned to a commit' : '; a branch or tag can be moved to other code — pin a full commit hash at least';
        sink.report(p, dep, 'deps/git-source', `${what} instead of the ${dep.ecosystem} registry${risk}.`, pinned ? { severity: 'low' } : {});
      }
      if (dep.url && /^(git\+)?http:\/\//i.test(dep.url)) {
        const message = dep.packageSource
          ? `Packages from ${dep.url} are downloaded over plain http; anyone on the network path can swap them.`
          : `${dep.name} is downloaded over plain http (${dep.url}); anyone on the network path can swap it.`;
        sink.report(p, dep, 'deps/insecure-source', message);
      }
      // Only names the project itself declares: that is where a mistyped name gets in.
      if (kind === 'added' && dep.direct && !dep.packageSource) {
        const target = typosquatTarget(dep.ecosystem, dep.name);
        if (target) sink.report(p, dep, 'deps/typosquat', `${dep.name} is one edit away from the popular ${dep.ecosystem} package ${target}; check that this is the package you meant.`, { confidence: 'medium', properties: { lookalike: target } });
      }
    }
    const before = new Set((p.base?.installScripts ?? []).map((s) => `${s.name}\u0000${s.command}`));
    for (const s of p.head.installScripts ?? []) {
      if (before.has(`${s.name}\u0000${s.command}`)) continue;
      sink.add('deps/install-script', `A \`${s.name}\` script runs on every install of this package: \`${s.command.slice(0, 120)}\`.`, p.file, { startLine: s.line }, { properties: { script: s.name } });
    }
  }
}
