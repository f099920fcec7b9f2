import { describe, expect, it } from 'vitest';
import { analyzer } from '../../src/analyzers/secrets/index.js';
import { maskSecret } from '../../src/analyzers/secrets/redact.js';
import { ruleSet } from '../../src/analyzers/secrets/ruleset.js';
import { asAnalyzed, scanContext } from './corpus.js';
import { B64, HEX, awsKeyId, fake, githubPat, pemBlock, stripeLive } from './fakes.js';

const file = (path: string, text: string, language?: string, changed: ReadonlySet<number> | 'all' = 'all') =>
  asAnalyzed({ path, text, ...(language ? { language } : {}) }, changed);

describe('secrets analyzer', () => {
  it('lists every rule with CWE-798, a severity and help for SARIF', () => {
    const rules = analyzer.rules();
    expect(analyzer.name).toBe('secrets');
    expect(rules.length).toBe(ruleSet().rules.length);
    for (const r of rules) {
      expect(r.id.startsWith('secrets/')).toBe(true);
      expect(r.cwe).toEqual(['CWE-798']);
      expect(r.help).toMatch(/Revoke or rotate/);
      expect(r.securitySeverity).toBeGreaterThan(0);
    }
    const sev = new Map(rules.map((r) => [r.id, r.severity]));
    expect(sev.get('secrets/aws-access-key-id')).toBe('critical');
    expect(sev.get('secrets/stripe-live-secret-key')).toBe('critical');
    expect(sev.get('secrets/generic-secret')).toBe('medium');
  });

  it('reports a redacted finding: masked value in message, snippet and properties, raw value nowhere, raw value registered with the logger', async () => {
    const pat = githubPat();
    const registered: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, setSecret: (v: string) => void registered.push(v) };
    const res = await analyzer.analyze([file('src/ci.ts', `import x from 'y';\nconst token = "${pat}";\n`, 'typescript')], scanContext({}, log));
    expect(res.findings).toHaveLength(1);
    const f = res.findings[0]!;
    expect(f).toMatchObject({ ruleId: 'secrets/github-pat', severity: 'critical', cwe: ['CWE-798'], location: { path: 'src/ci.ts', startLine: 2, startColumn: 16 } });
    expect(f.location.endColumn).toBe(16 + pat.length);
    expect(f.message).toContain(maskSecret(pat));
    expect(f.location.snippet).toBe(`const token = "${maskSecret(pat)}";`);
    expect(f.properties?.['masked']).toBe(maskSecret(pat));
    expect(JSON.stringify(res)).not.toContain(pat);
    expect(registered).toContain(pat);
  });

  it('in review mode scans only added lines and reports a private key on its first line', async () => {
    const key = awsKeyId();
    const pem = pemBlock();
    const text = [`old = "${key}"`, `new = "${stripeLive()}"`, 'x = 1', ...pem.split('\n'), `also_old = "${githubPat()}"`].join('\n');
    const pemLines = pem.split('\n').length;
    const changed = new Set<number>([2, ...Array.from({ length: pemLines }, (_, i) => 4 + i)]);
    const res = await analyzer.analyze([file('app/settings.py', text, 'python', changed)], scanContext());
    expect(res.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([
      ['secrets/stripe-live-secret-key', 2],
      ['secrets/private-key', 4],
    ]);
    const keyFinding = res.findings[1]!;
    for (const l of pem.split('\n').slice(1, -1)) expect(JSON.stringify(keyFinding)).not.toContain(l);

    expect(keyFinding.location).toMatchObject({ startLine: 4, endLine: 4 + pemLines - 1, startColumn: 1, snippet: pem.split('\n')[0] });

    // A rotated key: only body lines changed, the BEGIN line is context. Still reported, on its first line.
    const res2 = await analyzer.analyze([file('app/settings.py', text, 'python', new Set([5, 6]))], scanContext());
    expect(res2.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['secrets/private-key', 4]]);
    // Nothing of the block changed: not reported.
    const res2b = await analyzer.analyze([file('app/settings.py', text, 'python', new Set([3]))], scanContext());
    expect(res2b.findings).toEqual([]);
    // Scan mode: everything.
    const res3 = await analyzer.analyze([file('app/settings.py', text, 'python')], scanContext());
    expect(res3.findings.map((f) => f.location.startLine)).toEqual([1, 2, 4, 4 + pemLines]);
  });

  it('ignores paths matching secrets-allow-paths globs, lock files, go.sum and minified bundles (with a notice)', async () => {
    const pat = githubPat();
    const line = `token = "${pat}"\n`;
    const minified = Array.from({ length: 30 }, (_, i) => `var a${i}=function(t){return t*${i}};`).join('') + `var k="${pat}";` + '\n';
    const files = [
      file('test/fixtures/creds.py', line, 'python'),
      file('package-lock.json', `{"x": {"_authToken": "${pat}"}}\n`, 'json'),
      file('go.sum', `github.com/a/b v1.0.0 h1:${fake('', B64, 43)}=\n`),
      file('static/app.min.js', line, 'javascript'),
      file('static/bundle.js', minified.repeat(20), 'javascript'),
      file('src/real.py', line, 'python'),
    ];
    const res = await analyzer.analyze(files, scanContext({ secretsAllowPaths: ['test/fixtures/**'] }));
    expect(res.findings.map((f) => f.location.path)).toEqual(['src/real.py']);
    expect(res.stats).toMatchObject({ skippedAllowList: 1, skippedBuiltin: 3, skippedMinified: 1, files: 1 });
    expect(res.notices?.some((n) => n.message.includes('static/bundle.js'))).toBe(true);
  });

  it('stays quiet on SRI hashes, image digests, git SHAs, UUIDs, data URIs, references and documented example keys', async () => {
    const text = [
      `<script src="/x.js" integrity="sha384-${fake('', B64, 64)}"></script>`,
      `image: ghcr.io/acme/api@sha256:${fake('', HEX, 64)}`,
      `commit_sha = "${fake('', HEX, 40)}"`,
      'api_token = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"',
      `icon = "data:image/png;base64,${fake('', B64, 400)}"`,
      'password = os.environ["DB_PASSWORD"]',
      'api_key: ${{ secrets.API_KEY }}',
      'secret: "{{ .Values.secret }}"',
      'token = "<your-token>"',
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'password = "changeme"',
      'password = "xxxxxxxxxxxx"',
      'api_key = ""',
    ].join('\n');
    const res = await analyzer.analyze([file('conf/settings.yaml', text, 'yaml')], scanContext());
    expect(res.findings).toEqual([]);
  });

  it('finds a token deep inside an over-long line, in bounded windows', async () => {
    const pat = githubPat();
    const long = `const blob = "${'a1,'.repeat(10_000)}"; const t = "${pat}"; ${'b2;'.repeat(10_000)}`;
    const start = performance.now();
    const res = await analyzer.analyze([file('src/gen.ts', long + '\n', 'typescript')], scanContext());
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(res.findings.map((f) => f.ruleId)).toEqual(['secrets/github-pat']);
    expect(res.findings[0]!.location.snippet!.length).toBeLessThan(450);
    expect(res.findings[0]!.location.snippet).not.toContain(pat);
  });

  it('turns a failure inside one file into a notice naming it and still scans the others', async () => {
    const broken = file('src/broken.ts', '', 'typescript');
    Object.defineProperty(broken, 'head', { get: () => { throw new Error('read failed'); } });
    const ok = file('src/ok.ts', `const t = "${githubPat()}";\n`, 'typescript');
    const res = await analyzer.analyze([broken, ok], scanContext());
    expect(res.findings).toHaveLength(1);
    expect(res.notices).toEqual([expect.objectContaining({ level: 'warning', source: 'secrets', message: expect.stringContaining('src/broken.ts') })]);
  });

  it('does not report its own rule files (their examples are fake but shaped like real keys)', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = 'src/analyzers/secrets/rules';
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => file(`${dir}/${f}`, readFileSync(`${dir}/${f}`, 'utf8'), 'json'));
    const res = await analyzer.analyze(files, scanContext());
    expect(res.findings).toEqual([]);
    // And even without the path allow-list the NUL-split examples are not one token.
    const moved = files.map((f) => ({ ...f, path: f.path.replace('src/analyzers/secrets/rules', 'elsewhere') }));
    const res2 = await analyzer.analyze(moved, scanContext());
    expect(res2.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`)).toEqual([]);
  });

  it('handles assignment syntaxes of many languages, and leaves code expressions alone', async () => {
    const v = (n: number) => fake('', 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz', n - 2) + '47';
    const cases: Array<[string, string, boolean]> = [
      [`  'password' => '${v(12)}',`, 'php', true],
      [`\tclient := api.Client{APIKey: "${v(32)}"}`, 'go', true],
      [`    var apiKey = "${v(24)}";`, 'csharp', true],
      [`let apiKey = "${v(30)}"`, 'swift', true],
      [`const val API_KEY = "${v(30)}"`, 'kotlin', true],
      [`TOKEN=${v(30)}`, 'bash', true],
      [`  password: ${v(12)}!`, 'yaml', true],
      [`      POSTGRES_PASSWORD: example`, 'yaml', false],
      [`      POSTGRES_PASSWORD=postgres`, 'yaml', false],
      [`TOKEN=${v(30)}`, 'python', false],
      ['password = get_password_from_vault()', 'python', false],
      ['api_key = settings.API_KEY', 'python', false],
      ['if (password.length < 12) throw new Error("too short");', 'typescript', false],
      ['  "description": "The API key used to authenticate requests",', 'json', false],
      ['const TOKEN_REGEX = /^gh[p]_[A-Za-z0-9]{36}$/;', 'javascript', false],
      ['secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>', 'yaml', false],
    ];
    for (const [line, language, expected] of cases) {
      const res = await analyzer.analyze([file(`src/x.${language}`, line + '\n', language)], scanContext());
      expect({ line, found: res.findings.length > 0 }).toEqual({ line, found: expected });
    }
  });

  it('handles CRLF files: right line, snippet without the carriage return', async () => {
    const pat = githubPat();
    const res = await analyzer.analyze([file('win/app.ps1', `# header\r\n$token = "${pat}"\r\nWrite-Host ok\r\n`, 'powershell')], scanContext());
    expect(res.findings.map((f) => [f.ruleId, f.location.startLine, f.location.snippet])).toEqual([['secrets/github-pat', 2, `$token = "${maskSecret(pat)}"`]]);
  });
});
