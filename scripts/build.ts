/**
 * `npm run build [-- --outdir DIR]`: bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild and
 * copies the tree-sitter wasm files to dist/wasm/. Output is deterministic, so a rebuild into a temporary folder
 * can be compared byte for byte with the committed dist/ (see __tests__/dist.test.ts).
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argIdx = process.argv.indexOf('--outdir');
const outdir = resolve(argIdx > 0 ? process.argv[argIdx + 1]! : join(root, 'dist'));

// CommonJS dependencies inside an ESM bundle still call require() and read __dirname.
const banner = [
  "import { createRequire as __prsCreateRequire } from 'node:module';",
  "import { fileURLToPath as __prsFileURLToPath } from 'node:url';",
  "import { dirname as __prsDirname } from 'node:path';",
  'const require = __prsCreateRequire(import.meta.url);',
  'const __filename = __prsFileURLToPath(import.meta.url);',
  'const __dirname = __prsDirname(__filename);',
].join('\n');

export async function buildAll(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { index: join(root, 'src/main.ts'), cli: join(root, 'src/cli.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    splitting: false,
    banner: { js: banner },
    legalComments: 'eof',
    logLevel: 'warning',
    // Paths in the bundle are relative to the project, so the output does not depend on where it was built.
    absWorkingDir: root,
  });
  const parse = join(root, 'src/parse/index.ts');
  if (existsSync(parse)) {
    const mod = (await import(pathToFileURL(parse).href)) as { wasmAssets?: () => Array<{ from: string; to: string }> };
    const assets = mod.wasmAssets?.() ?? [];
    if (assets.length > 0) mkdirSync(join(out, 'wasm'), { recursive: true });
    for (const a of assets) copyFileSync(a.from, join(out, 'wasm', a.to));
  }
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? sizeOf(p) : s.size;
  }
  return total;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildAll(outdir);
  console.log(`built ${outdir} (${(sizeOf(outdir) / 1e6).toFixed(1)} MB)`);
}
