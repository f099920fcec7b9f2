/**
 * Engine behaviour beyond the rule examples: taint through assignments and string building, sanitizers and
 * guards breaking flows, constants never reported, flow locations for SARIF codeFlows, review-mode scoping,
 * per-file error isolation, and the mechanical fixes applied to real text.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { AnalyzedFile, AnalyzerContext } from '../../src/analyzers/types.js';
import { analyzer } from '../../src/analyzers/sast/index.js';
import { scanText } from '../../src/analyzers/sast/engine.js';
import { applyFix } from '../../src/analyzers/sast/fix.js';

const ids = async (path: string, lang: string, text: string): Promise<string[]> => (await scanText(path, lang, text)).findings.map((f) => `${f.ruleId}@${f.location.startLine}`);

function file(path: string, language: string, head: string, changedLines: ReadonlySet<number> | 'all' = 'all'): AnalyzedFile {
  return { path, language, head, changedLines, change: { path, status: 'modified', binary: false, hunks: [], additions: 0, deletions: 0 } };
}

const ctx = (): AnalyzerContext => ({
  config: loadConfig({}),
  change: { mode: 'review', root: '/tmp', source: 'git' },
  log: { debug() {}, info() {}, warn() {}, setSecret() {} },
});

describe('taint tracking', () => {
  it('follows a value through assignments, concatenation and f-strings, and names the flow', async () => {
    const src = [
      'def view(request):',
      '    raw = request.args.get("q")',
      '    term = raw.strip()',
      '    sql = f"SELECT * FROM t WHERE name = \'{term}\'"',
      '    cur.execute(sql)',
    ].join('\n');
    const { findings } = await scanText('app.py', 'python', src);
    const f = findings.find((x) => x.ruleId === 'sast/python/sql-injection');
    expect(f?.location.startLine).toBe(5);
    expect(f?.message).toContain('from `request.args.get("q")` (line 2) reaches SQL query at line 5');
    expect(f?.flow?.map((s) => s.startLine)).toEqual([2, 2, 3, 4, 5]);
    expect(f?.flow?.[0]?.message).toMatch(/^source: request data/);
    expect(f?.flow?.at(-1)?.message).toBe('sink: SQL query');
  });

  it('does not report constant-only arguments or variables reassigned to constants', async () => {
    const src = ['def f(request):', '    q = request.args["q"]', '    q = "fixed"', '    cur.execute("SELECT " + q)', '    os.system("ls " + "-la")'].join('\n');
    expect(await ids('app.py', 'python', src)).toEqual([]);
  });

  it('environment variables feed command injection but not path traversal (the operator picks those paths)', async () => {
    const src = ['import os', 'conf = open(os.environ["APP_CONF"]).read()', 'os.system(os.environ["HOOK"])'].join('\n');
    expect(await ids('app.py', 'python', src)).toEqual(['sast/python/command-injection@3']);
  });

  it('family-specific sanitizers only clean their own family', async () => {
    const src = ['def f(request):', '    h = shlex.quote(request.args["h"])', '    os.system("ping " + h)', '    cur.execute("SELECT " + h)'].join('\n');
    expect(await ids('app.py', 'python', src)).toEqual(['sast/python/sql-injection@4']);
  });

  it('a prefix check after path normalisation breaks a path flow; without it the flow is reported', async () => {
    const guarded = ['app.get("/f", (req, res) => {', '  const p = path.resolve(BASE, req.query.f);', '  if (!p.startsWith(BASE)) return res.end();', '  res.sendFile(p);', '});'].join('\n');
    const open = ['app.get("/f", (req, res) => {', '  const p = path.resolve(BASE, req.query.f);', '  res.sendFile(p);', '});'].join('\n');
    expect(await ids('a.js', 'javascript', guarded)).toEqual([]);
    expect(await ids('a.js', 'javascript', open)).toEqual(['sast/javascript/path-traversal@3']);
  });

  it('parameters shadow outer taint; closures still see it', async () => {
    const src = [
      'const id = req.query.id;',
      'function safe(id) { db.query("SELECT " + id); }',
      'items.forEach(() => { db.query("SELECT " + id); });',
    ].join('\n');
    // The parameter is not user input (no source finding on line 2); the audit rule still notes the string building.
    expect(await ids('a.ts', 'typescript', src)).toEqual(['sast/javascript/sql-string-building@2', 'sast/javascript/sql-injection@3']);
  });

  it('works across grammars with annotated parameters and out-parameters', async () => {
    const java = 'class A { void f(@RequestParam String n) throws Exception { Runtime.getRuntime().exec("sh -c ls " + n); } }';
    expect(await ids('A.java', 'java', java)).toEqual(['sast/java/command-injection@1']);
    const c = ['void f(void) {', '  char b[64];', '  fgets(b, sizeof b, stdin);', '  system(b);', '}'].join('\n');
    expect(await ids('m.c', 'c', c)).toEqual(['sast/c/command-injection@4']);
    const cpp = ['int main(int argc, char **argv) {', '  std::string s = argv[1];', '  system(s.c_str());', '}'].join('\n');
    expect(await ids('m.cpp', 'cpp', cpp)).toEqual(['sast/c/command-injection@3']);
  });

  it('treats route-handler parameters as request data (Flask decorators, Spring mappings), other functions not', async () => {
    const flask = ['@app.route("/u/<name>")', 'def user(name):', '    return requests.get("https://%s/x" % name)', '', 'def helper(name):', '    return requests.get(name)'].join('\n');
    expect(await ids('app.py', 'python', flask)).toEqual(['sast/python/ssrf@3']);
    const spring = 'class C { @GetMapping("/f") String f(String path, Model m) throws Exception { return Files.readString(Paths.get(path)); } }';
    expect(await ids('C.java', 'java', spring)).toEqual(['sast/java/path-traversal@1']);
  });

  it('ends a flow finding at the last data argument, not at a trailing callback', async () => {
    const src = ['app.post("/l", (req, res) => {', '  User.findOne({ name: req.body.name },', '    { active: true },', '    function (err, user) {', '      res.json(user);', '    });', '});'].join('\n');
    const f = (await scanText('a.js', 'javascript', src)).findings.find((x) => x.ruleId === 'sast/javascript/nosql-injection');
    expect([f?.location.startLine, f?.location.endLine]).toEqual([2, 3]);
  });

  it('drops the pattern finding when a taint finding already explains the line', async () => {
    const src = ['def f(request):', '    subprocess.run("ls " + request.args["d"], shell=True)'].join('\n');
    expect(await ids('app.py', 'python', src)).toEqual(['sast/python/command-injection@2']);
  });
});

describe('audit rules (string building)', () => {
  it('report SQL built from a parameter, not from constants, and yield to the source→sink finding', async () => {
    const param = ['def find(cur, name):', '    q = "SELECT * FROM t WHERE n = \'" + name + "\'"', '    cur.execute(q)'].join('\n');
    const f = (await scanText('a.py', 'python', param)).findings;
    expect(f.map((x) => `${x.ruleId}@${x.location.startLine}`)).toEqual(['sast/python/sql-string-building@3']);
    expect(f[0]?.message).toContain('is built from non-constant values');
    const consts = ['def f(cur):', '    t = "users"', '    cur.execute("SELECT * FROM " + t)', '    cur.execute("SELECT %d" % 5)'].join('\n');
    expect(await ids('a.py', 'python', consts)).toEqual([]);
  });
});

describe('analyzer contract', () => {
  it('review mode keeps a flow whose source is outside the change when the sink line changed', async () => {
    const src = ['def f(request):', '    q = request.args["q"]', '    x = 1', '    cur.execute("SELECT " + q)'].join('\n');
    const sinkChanged = await analyzer.analyze([file('app.py', 'python', src, new Set([4]))], ctx());
    expect(sinkChanged.findings.map((f) => f.ruleId)).toEqual(['sast/python/sql-injection']);
    const otherChanged = await analyzer.analyze([file('app.py', 'python', src, new Set([3]))], ctx());
    expect(otherChanged.findings).toEqual([]);
  });

  it('skips files without a head or language and reports stats', async () => {
    const res = await analyzer.analyze(
      [file('README.md', 'markdown', 'eval(x)'), { ...file('gone.py', 'python', ''), head: undefined }, file('x.py', 'python', 'eval(input())')],
      ctx(),
    );
    expect(res.findings.map((f) => f.ruleId)).toEqual(['sast/python/code-injection']);
    expect(res.stats?.filesScanned).toBe(1);
    expect(res.notices ?? []).toEqual([]);
  });

  it('an error in one file becomes a notice naming it; the other files are still scanned', async () => {
    const broken = { ...file('bad.py', 'python', ''), head: 42 as unknown as string };
    const res = await analyzer.analyze([broken, file('ok.py', 'python', 'eval(input())')], ctx());
    expect(res.findings.map((f) => f.location.path)).toEqual(['ok.py']);
    expect(res.notices?.[0]?.message).toMatch(/^bad\.py: not scanned/);
  });

  it('workflow rules only run on workflow paths; Kubernetes rules only on manifests', async () => {
    const wf = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: someone/action@v1\n';
    expect(await ids('.github/workflows/ci.yml', 'yaml', wf)).toEqual(['sast/github-actions/unpinned-action@6']);
    expect(await ids('config/ci.yml', 'yaml', wf)).toEqual([]);
    expect(await ids('compose.yml', 'yaml', 'services:\n  a:\n    privileged: true\n')).toEqual([]);
  });

  it('never puts a secret value into a finding', async () => {
    const { findings } = await scanText('Dockerfile', 'dockerfile', 'FROM node:22\nENV API_TOKEN=zq8Xv3Lm9Pw2Rt7Ks4Nb\nUSER node\n');
    expect(findings.map((f) => f.ruleId)).toEqual(['sast/dockerfile/secret-in-env']);
    expect(JSON.stringify(findings)).not.toContain('zq8Xv3Lm9Pw2Rt7Ks4Nb');
  });
});

describe('autofixes', () => {
  const fixOf = async (path: string, lang: string, text: string, rule: string): Promise<string | undefined> => {
    const f = (await scanText(path, lang, text)).findings.find((x) => x.ruleId === rule);
    return f?.fix ? applyFix(text, f.fix) : undefined;
  };

  it('yaml.load → yaml.safe_load (dropping an unsafe Loader)', async () => {
    const text = 'import yaml\n\ndef f(p):\n    return yaml.load(open(p), Loader=yaml.Loader)\n';
    expect(await fixOf('a.py', 'python', text, 'sast/python/yaml-unsafe-load')).toBe('import yaml\n\ndef f(p):\n    return yaml.safe_load(open(p))\n');
  });

  it('removes verify=False and rejectUnauthorized: false, keeping indentation', async () => {
    expect(await fixOf('a.py', 'python', '    r = requests.get(u, verify=False, timeout=5)\n', 'sast/python/tls-verify-disabled')).toBe('    r = requests.get(u, timeout=5)\n');
    const js = 'const agent = new https.Agent({\n  keepAlive: true,\n  rejectUnauthorized: false,\n});\n';
    expect(await fixOf('a.js', 'javascript', js, 'sast/javascript/tls-verify-disabled')).toBe('const agent = new https.Agent({\n  keepAlive: true,\n});\n');
  });

  it('turns a constant shell=True command into an argument list, and leaves real shell syntax alone', async () => {
    expect(await fixOf('a.py', 'python', 'subprocess.run("make clean all", shell=True, check=True)\n', 'sast/python/subprocess-shell-constant')).toBe(
      'subprocess.run(["make", "clean", "all"], check=True)\n',
    );
    const piped = (await scanText('a.py', 'python', 'subprocess.run("ls | wc -l", shell=True)\n')).findings;
    expect(piped.some((f) => f.fix)).toBe(false);
  });

  it('offers no fix where the change is not mechanical (weak password hash, unpinned action)', async () => {
    const md5 = (await scanText('a.py', 'python', 'h = hashlib.md5(password).hexdigest()\n')).findings;
    expect(md5.map((f) => f.ruleId)).toEqual(['sast/python/weak-hash-password']);
    expect(md5[0]?.fix).toBeUndefined();
    const wf = (await scanText('.github/workflows/a.yml', 'yaml', 'on: push\njobs:\n  b:\n    steps:\n      - uses: a/b@v1\n')).findings;
    expect(wf[0]?.fix).toBeUndefined();
  });
});
