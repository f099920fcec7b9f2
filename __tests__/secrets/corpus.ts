/**
 * Labelled corpus for the secrets analyzer, built at run time from a seed (no secret-shaped literal is stored in
 * this repository): realistic multi-language files where known lines carry a credential and every other line,
 * including hard negatives (hashes, digests, UUIDs, references, placeholders, documented example keys, lock files,
 * minified bundles), must stay quiet. Used by the corpus test and by `npm run bench -- secrets`.
 */
import type { AnalyzedFile, AnalyzerContext } from '../../src/analyzers/types.js';
import { analyzeSecrets } from '../../src/analyzers/secrets/index.js';
import { detectSecrets } from '../../src/analyzers/secrets/detect.js';
import { decodeExample, ruleSet } from '../../src/analyzers/secrets/ruleset.js';
import type { Config } from '../../src/config/types.js';

export type Rng = () => number;
export function makeRng(seed: number): Rng {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
const pick = <T>(rng: Rng, a: readonly T[]): T => a[Math.floor(rng() * a.length)]!;
const chars = (rng: Rng, set: string, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += set[Math.floor(rng() * set.length)];
  return s;
};
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = ALNUM + '+/';
const uuid = (rng: Rng) => `${chars(rng, HEX, 8)}-${chars(rng, HEX, 4)}-4${chars(rng, HEX, 3)}-a${chars(rng, HEX, 3)}-${chars(rng, HEX, 12)}`;
const ident = (rng: Rng) => pick(rng, ['user', 'order', 'item', 'cart', 'invoice', 'account', 'session', 'report', 'client', 'queue', 'event', 'payload', 'result', 'config', 'record']);

export interface CorpusFile {
  path: string;
  language?: string;
  text: string;
  /** 1-based lines that hold a secret (multi-line keys: their first line). */
  positives: Set<number>;
}

/** Lines that look secret-ish but are not credentials; mixed into every language. */
const HARD_NEGATIVES: Array<(rng: Rng) => string> = [
  (r) => `  "key": "${ident(r)}_profile_settings",`,
  (r) => `const publishableKey = "pk_live_${chars(r, ALNUM, 24)}";`,
  (r) => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${chars(r, B64, 300)} deploy@ci`,
  (r) => `const fixture = "${chars(r, B64, 200)}";`,
  () => 'secret_version = 3',
  () => '  "tokens": 1532,',
  () => 'password_reset_url = "https://app.corp.io/account/reset"',
  () => 'TOKEN_PATTERN = "[A-Za-z0-9_]{36,255}"',
  () => 'const SECRET_LENGTH = 32;',
  () => 'ApiKeyHeaderName = "X-Api-Key"',
  () => '  "passwordPolicy": "min-length-12-upper-lower",',
  () => 'api_key = "test"',
  (r) => `token_hash = "${chars(r, HEX, 64)}"`,
  (r) => `sha256sum: ${chars(r, HEX, 64)}`,
  (r) => `  "resolved": "https://codeload.github.com/corp/lib/tar.gz/${chars(r, HEX, 40)}",`,
  (r) => `FROM node:24-alpine@sha256:${chars(r, HEX, 64)}`,
  (r) => `session_id = "${uuid(r)}"`,
  (r) => `background: url("data:image/svg+xml;base64,${chars(r, B64, 160)}");`,
  () => 'password = user_input',
  () => 'secret = vault.read("secret/data/app")["data"]["value"]',
  () => "const token = localStorage.getItem('token');",
  () => 'token: ${{ github.token }}',
  () => "  'password' => env('DB_PASSWORD'),",
  () => 'auth_token = request.cookies.get("auth_token")',
  () => '-----BEGIN CERTIFICATE-----',
  () => '-----BEGIN PUBLIC KEY-----',
  () => 'aws_region = "us-east-1"',
  () => 'private_key_path = "~/.ssh/id_ed25519"',
  () => 'secretsManagerArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
  () => 'client_secret = "<client-secret>"',
  () => 'password = "********"',
  () => '<input type="password" name="password" autocomplete="current-password">',
  (r) => `git_commit: ${chars(r, HEX, 40)}`,
  (r) => `  etag: W/"${chars(r, HEX, 32)}"`,
];

/** Ordinary code and prose without credential vocabulary: the bulk of real repositories. */
const PLAIN: Array<(rng: Rng) => string> = [
  (r) => `    const ${ident(r)}Count = ${ident(r)}s.filter((x) => x.enabled).length;`,
  (r) => `        if ${ident(r)}.status == "done" and not ${ident(r)}.archived:`,
  (r) => `  return fmt.Sprintf("%s/%d", ${ident(r)}.Name, ${Math.floor(r() * 1000)})`,
  (r) => `    for (int i = 0; i < ${ident(r)}s.size(); i++) {`,
  (r) => `  ${ident(r)}_total = sum(x.amount for x in ${ident(r)}s if x.currency == "EUR")`,
  () => '  }',
  () => '',
  () => '    # Retry with exponential backoff; the upstream API rate-limits bursts.',
  (r) => `import { ${ident(r)}Schema } from './schemas/${ident(r)}.js';`,
  (r) => `from app.models.${ident(r)} import ${ident(r).toUpperCase()}_FIELDS`,
  (r) => `      <div className="${ident(r)}-list">{items.map((it) => <Row key={it.id} {...it} />)}</div>`,
  (r) => `  "${ident(r)}Timeout": ${Math.floor(r() * 10000)},`,
  (r) => `        log.Printf("processed %d ${ident(r)}s in %s", n, time.Since(start))`,
  (r) => `    raise ValueError(f"unknown ${ident(r)}: {name!r}")`,
  () => '        </dependency>',
  (r) => `  - name: build ${ident(r)}`,
  (r) => `    ${ident(r)}: ${Math.floor(r() * 100)}`,
  (r) => `SELECT id, created_at FROM ${ident(r)}s WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 50;`,
  (r) => `This section explains how the ${ident(r)} pipeline batches writes and when it flushes them.`,
  (r) => `  describe('${ident(r)} service', () => { it('handles empty input', () => expect(run([])).toEqual([])); });`,
  (r) => `    private final Map<String, ${ident(r).replace(/^./, (c) => c.toUpperCase())}> cache = new ConcurrentHashMap<>();`,
  (r) => `	case "${ident(r)}": return handle${ident(r).replace(/^./, (c) => c.toUpperCase())}(ctx, req)`,
  (r) => `resource "aws_sqs_queue" "${ident(r)}" { name = "${ident(r)}-events", visibility_timeout_seconds = 30 }`,
  (r) => `echo "==> building ${ident(r)} (${Math.floor(r() * 9)}/${Math.floor(r() * 9) + 9})"`,
  (r) => `    width: ${Math.floor(r() * 800)}px; margin: 0 auto; color: #${chars(r, HEX, 6)};`,
];

interface Lang {
  ext: string;
  dir: string;
  language: string;
  filler: Array<(rng: Rng) => string>;
  /** Where a bare provider token may be placed in this language. */
  embed: Array<(s: string) => string>;
}

const LANGS: Lang[] = [
  { ext: 'py', dir: 'src/app', language: 'python',
    filler: [(r) => `def handle_${ident(r)}(request, ${ident(r)}_id: int) -> dict:`, (r) => `    ${ident(r)} = repo.get(${ident(r)}_id)`, () => '    if not user.is_active:', () => '        raise PermissionError("inactive account")', (r) => `    return {"id": ${ident(r)}.id, "total": round(total, 2)}`, () => 'import os, sys, json, logging', () => 'logger = logging.getLogger(__name__)', () => '    api_key = os.environ["API_KEY"]', () => '    token = request.headers.get("Authorization", "")', () => '    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")', () => '    resp = client.chat.completions.create(model="gpt-4.1-mini", max_tokens=512)', (r) => `    commit_sha = "${chars(r, HEX, 40)}"`, (r) => `    request_id = "${uuid(r)}"`, () => '    password = getpass.getpass("Password: ")', () => '    SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")', (r) => `    checksum = hashlib.sha256(data).hexdigest()  # e.g. ${chars(r, HEX, 64)}`, () => '        for row in rows:', () => '            totals[row.key] += row.amount'],
    embed: [(s) => `client = ServiceClient(base_url=BASE_URL, credential="${s}")`, (s) => `HEADERS = {"X-Service-Auth": "${s}"}`, (s) => `    stripe.api_key = "${s}"`] },
  { ext: 'ts', dir: 'src/services', language: 'typescript',
    filler: [(r) => `export async function load${ident(r)}(id: string): Promise<Result> {`, (r) => `  const ${ident(r)} = await db.${ident(r)}.findUnique({ where: { id } });`, () => '  if (!res.ok) throw new Error(`request failed: ${res.status}`);', () => "import { readFile } from 'node:fs/promises';", () => '  const token = process.env.GITHUB_TOKEN ?? core.getInput("github-token");', () => "  const apiKey = config.get<string>('apiKey');", () => '  headers.set("Authorization", `Bearer ${token}`);', (r) => `  const traceId = '${uuid(r)}';`, (r) => `  const etag = "${chars(r, HEX, 32)}";`, () => '  for (const item of items) total += item.price * item.qty;', () => '}', () => "  const passwordInput = document.querySelector<HTMLInputElement>('#password');", () => "  const tokenUrl = 'https://oauth2.googleapis.com/token';", (r) => `  const img = "data:image/png;base64,${chars(r, B64, 120)}";`],
    embed: [(s) => `const client = new ApiClient({ credential: '${s}' });`, (s) => `  headers: { 'x-api-key': '${s}' },`, (s) => `export const DEFAULT_AUTH = "${s}";`] },
  { ext: 'go', dir: 'internal/svc', language: 'go',
    filler: [(r) => `func (s *Server) handle${ident(r)}(w http.ResponseWriter, r *http.Request) {`, () => '\tif err != nil {\n\t\treturn fmt.Errorf("decode: %w", err)\n\t}', () => '\ttoken := os.Getenv("API_TOKEN")', () => '\tsecret, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})', (r) => `\tconst digest = "sha256:${chars(r, HEX, 64)}"`, () => '\tdefer resp.Body.Close()', (r) => `\tid := uuid.MustParse("${uuid(r)}")`],
    embed: [(s) => `\tclient := api.NewClient("${s}")`, (s) => `\tcfg.Credential = "${s}"`] },
  { ext: 'java', dir: 'src/main/java/com/corp', language: 'java',
    filler: [() => 'public class OrderService {', () => '    private final OrderRepository repository;', () => '    @Value("${app.jwt.secret}")', () => '    private String jwtSecret;', () => '        String password = System.getenv("DB_PASSWORD");', () => '        return repository.findById(id).orElseThrow(NotFoundException::new);', () => '    }', (r) => `        UUID requestId = UUID.fromString("${uuid(r)}");`],
    embed: [(s) => `    private static final String CREDENTIAL = "${s}";`, (s) => `        client.setAuth("${s}");`] },
  { ext: 'yaml', dir: 'deploy', language: 'yaml',
    filler: [() => 'apiVersion: apps/v1', () => 'kind: Deployment', () => '  replicas: 3', () => '        - name: API_TOKEN', () => '          valueFrom:', () => '            secretKeyRef: { name: app-secrets, key: api-token }', () => '      password: ${DB_PASSWORD}', () => '      token: ${{ secrets.DEPLOY_TOKEN }}', () => '      secret: "{{ .Values.auth.secret }}"', (r) => `        image: ghcr.io/corp/api@sha256:${chars(r, HEX, 64)}`, () => '      - uses: actions/checkout@v4', () => '        run: npm ci --ignore-scripts', () => '  secretName: api-tls', () => '  tokenTTL: 3600'],
    embed: [(s) => `          value: ${s}`, (s) => `      credential: "${s}"`] },
  { ext: 'env', dir: 'config', language: 'dotenv',
    filler: [() => 'NODE_ENV=production', () => 'PORT=8080', () => 'LOG_LEVEL=info', () => 'API_KEY=', () => 'DB_PASSWORD=${DB_PASSWORD}', () => 'SECRET_KEY=changeme', () => 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', () => 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', () => 'REDIS_URL=redis://localhost:6379/0', () => 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev'],
    embed: [(s) => `SERVICE_CREDENTIAL=${s}`] },
  { ext: 'properties', dir: 'src/main/resources', language: 'properties',
    filler: [() => 'server.port=8080', () => 'spring.datasource.url=jdbc:postgresql://db:5432/app', () => 'spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}', () => 'app.jwt.expiration=3600', () => 'logging.level.root=INFO'],
    embed: [(s) => `app.remote.credential=${s}`] },
  { ext: 'tf', dir: 'infra', language: 'hcl',
    filler: [() => 'resource "aws_s3_bucket" "logs" {', () => '  bucket = "corp-logs-prod"', () => '  password = var.db_password', () => '  secret_string = data.aws_secretsmanager_secret_version.db.secret_string', () => '}', () => '  access_key = var.access_key', (r) => `  ami = "ami-${chars(r, HEX, 17)}"`],
    embed: [(s) => `  credential = "${s}"`] },
  { ext: 'sh', dir: 'scripts', language: 'bash',
    filler: [() => 'set -euo pipefail', () => 'export TOKEN="$(gh auth token)"', () => 'curl -fsSL -H "Authorization: Bearer $TOKEN" "$API/releases"', (r) => `git checkout ${chars(r, HEX, 40)}`, () => 'echo "deploying ${SERVICE}"', () => 'export PGPASSWORD=$(cat /run/secrets/pg)'],
    embed: [(s) => `export SERVICE_CREDENTIAL="${s}"`] },
  { ext: 'md', dir: 'docs', language: 'markdown',
    filler: [() => '## Configuration', () => 'Set `API_KEY` in the repository secrets and reference it as `${{ secrets.API_KEY }}`.', () => 'Example key for the docs: `AKIAIOSFODNN7EXAMPLE`.', (r) => `See commit ${chars(r, HEX, 40)} for details.`, () => 'The token is rotated every 90 days; never paste it into issues.', () => '| option | default |'],
    embed: [(s) => `Staging credential: \`${s}\``] },
  { ext: 'json', dir: 'fixtures', language: 'json',
    filler: [(r) => `  "id": "${uuid(r)}",`, () => '  "name": "checkout-service",', () => '  "version": "2.4.1",', (r) => `  "integrity": "sha512-${chars(r, B64, 86)}==",`, () => '  "apiKey": "<your-api-key>",', () => '  "password": "",', () => '  "token": null,', (r) => `  "sha": "${chars(r, HEX, 40)}",`],
    embed: [(s) => `  "credential": "${s}",`] },
];

/** Secrets the rules' own examples describe, with a generator for fresh look-alikes. */
interface Positive {
  ruleId: string;
  /** Bare token that can be placed in any context, or undefined when the rule needs its context. */
  bare?: string;
  /** The example line(s) as written in the rule. */
  lines: string[];
  /** The rule only applies to these languages. */
  languages?: string[];
}

function positives(): Positive[] {
  const out: Positive[] = [];
  for (const rule of ruleSet().rules) {
    for (const ex of rule.data.tp.map(decodeExample)) {
      const m = detectSecrets(ex).find((x) => x.rule === rule);
      if (!m) continue;
      const wholeMatch = m.end - m.start === m.secret.length && !rule.data.generic && !rule.data.multiline && !(rule.data.flags ?? '').includes('i');
      out.push({ ruleId: rule.id, ...(wholeMatch ? { bare: m.secret } : {}), lines: ex.split('\n'), ...(rule.data.languages ? { languages: rule.data.languages } : {}) });
    }
  }
  return out;
}

/** Same shape, different characters: digits stay digits (2–7 stay 2–7), hex letters stay hex letters, case is kept. */
function mutate(rng: Rng, token: string): string {
  const keep = Math.min(8, Math.floor(token.length / 3));
  let out = token.slice(0, keep);
  for (const ch of token.slice(keep)) {
    if (rng() > 0.4) out += ch;
    else if (ch >= '2' && ch <= '7') out += chars(rng, '234567', 1);
    else if (ch >= '0' && ch <= '9') out += ch;
    else if (ch >= 'a' && ch <= 'f') out += chars(rng, 'abcdef', 1);
    else if (ch >= 'g' && ch <= 'z') out += chars(rng, 'ghijklmnopqrstuvwxyz', 1);
    else if (ch >= 'A' && ch <= 'F') out += chars(rng, 'ABCDEF', 1);
    else if (ch >= 'G' && ch <= 'Z') out += chars(rng, 'GHIJKLMNOPQRSTUVWXYZ', 1);
    else out += ch;
  }
  return out;
}

export interface CorpusOptions {
  seed: number;
  /** Approximate total size of the normal files (bytes). Default: one file per language and positive batch. */
  targetBytes?: number;
  /** Average filler lines between two secrets. Default 12. */
  spacing?: number;
  /** Give each placed token fresh characters (bench); the test uses the rules' own examples. */
  mutate?: boolean;
  /** Share of filler lines drawn from ordinary code without credential vocabulary (bench realism). Default 0. */
  plainShare?: number;
}

export function buildCorpus(opts: CorpusOptions): CorpusFile[] {
  const rng = makeRng(opts.seed);
  const pos = positives();
  const spacing = opts.spacing ?? 12;
  const files: CorpusFile[] = [];
  let bytes = 0;
  let next = 0;
  let fileNo = 0;
  const target = opts.targetBytes ?? 0;
  // Every positive at least once, then keep going until the target size is reached.
  while (next < pos.length || bytes < target) {
    const lang = LANGS[fileNo % LANGS.length]!;
    const lines: string[] = [];
    const labelled = new Set<number>();
    const budget = 150 + Math.floor(rng() * 150);
    while (lines.length < budget) {
      if (rng() < 1 / spacing) {
        // A rule limited to some languages (config-file syntax) goes into a file of one of them.
        for (let j = next; j < next + pos.length; j++) {
          const langs = pos[j % pos.length]!.languages;
          if (!langs || langs.includes(lang.language)) {
            const a = next % pos.length;
            const b = j % pos.length;
            [pos[a], pos[b]] = [pos[b]!, pos[a]!];
            break;
          }
        }
        const p = pos[next % pos.length]!;
        next++;
        if (p.bare !== undefined) {
          let token = p.bare;
          if (opts.mutate) {
            const fresh = mutate(rng, token);
            const found = detectSecrets(fresh);
            if (found.length === 1 && found[0]!.rule.id === p.ruleId) token = fresh;
          }
          labelled.add(lines.length + 1);
          lines.push(pick(rng, lang.embed)(token));
        } else {
          labelled.add(lines.length + 1);
          lines.push(...p.lines);
        }
      } else if (rng() < (opts.plainShare ?? 0)) {
        lines.push(...pick(rng, PLAIN)(rng).split('\n'));
      } else if (rng() < 0.15) {
        lines.push(pick(rng, HARD_NEGATIVES)(rng));
      } else {
        lines.push(...pick(rng, lang.filler)(rng).split('\n'));
      }
    }
    const text = lines.join('\n') + '\n';
    files.push({ path: `${lang.dir}/part_${fileNo}.${lang.ext}`, language: lang.language, text, positives: labelled });
    bytes += text.length;
    fileNo++;
  }
  files.push(...alwaysQuiet(rng, pos));
  return files;
}

/** Files whose secret-looking content must never be reported. */
function alwaysQuiet(rng: Rng, pos: Positive[]): CorpusFile[] {
  const token = pos.find((p) => p.bare !== undefined)?.bare ?? 'x';
  const lock = ['{', '  "lockfileVersion": 3,', '  "packages": {'];
  for (let i = 0; i < 200; i++) lock.push(`    "node_modules/pkg-${i}": { "version": "1.${i}.0", "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz", "integrity": "sha512-${chars(rng, B64, 86)}==" },`);
  lock.push(`    "node_modules/odd": { "version": "1.0.0", "_authToken": "${token}" }`, '  }', '}');
  const gosum: string[] = [];
  for (let i = 0; i < 200; i++) gosum.push(`github.com/corp/mod${i} v1.${i}.0 h1:${chars(rng, B64, 43)}=`, `github.com/corp/mod${i} v1.${i}.0/go.mod h1:${chars(rng, B64, 43)}=`);
  const minified = Array.from({ length: 40 }, (_, i) => `var a${i}=function(t){return t.map(function(e){return e*${i}})};var k${i}="${i === 7 ? token : chars(rng, ALNUM, 40)}";`).join('');
  const sri = Array.from({ length: 50 }, () => `<script src="https://cdn.example.net/lib.js" integrity="sha384-${chars(rng, B64, 64)}" crossorigin="anonymous"></script>`);
  return [
    { path: 'package-lock.json', language: 'json', text: lock.join('\n') + '\n', positives: new Set() },
    { path: 'go.sum', text: gosum.join('\n') + '\n', positives: new Set() },
    { path: 'public/vendor.min.js', language: 'javascript', text: minified + '\n', positives: new Set() },
    { path: 'public/bundle.js', language: 'javascript', text: (minified + minified) + '\n', positives: new Set() },
    { path: 'public/index.html', language: 'html', text: sri.join('\n') + '\n', positives: new Set() },
  ];
}

export const quietLog = { debug() {}, info() {}, warn() {}, setSecret() {} };

export function scanContext(overrides: Partial<Config> = {}, log: AnalyzerContext['log'] = quietLog): AnalyzerContext {
  return {
    config: { secretsAllowPaths: [], ...overrides } as Config,
    change: { mode: 'scan', root: '/repo', source: 'filesystem' },
    log,
  };
}

export function asAnalyzed(f: Pick<CorpusFile, 'path' | 'language' | 'text'>, changed: ReadonlySet<number> | 'all' = 'all'): AnalyzedFile {
  return {
    path: f.path,
    ...(f.language ? { language: f.language } : {}),
    change: { path: f.path, status: 'added', binary: false, hunks: [], additions: 0, deletions: 0 },
    head: f.text,
    changedLines: changed,
  };
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

/** Per-line precision and recall of the analyzer in scan mode. */
export async function score(files: CorpusFile[]): Promise<Score> {
  const result = await analyzeSecrets(files.map((f) => asAnalyzed(f)), scanContext());
  const flagged = new Map<string, Set<number>>();
  for (const f of result.findings) {
    const set = flagged.get(f.location.path) ?? new Set<number>();
    set.add(f.location.startLine);
    flagged.set(f.location.path, set);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const f of files) {
    const got = flagged.get(f.path) ?? new Set<number>();
    const lines = f.text.split('\n');
    for (const l of got) {
      if (f.positives.has(l)) tp++;
      else {
        fp++;
        const finding = result.findings.find((x) => x.location.path === f.path && x.location.startLine === l);
        falsePositives.push(`${f.path}:${l} ${finding?.ruleId} ${finding?.location.snippet?.slice(0, 160)}`);
      }
    }
    for (const l of f.positives) {
      if (!got.has(l)) {
        fn++;
        falseNegatives.push(`${f.path}:${l} ${lines[l - 1]?.slice(0, 100).replace(/[A-Za-z0-9]{12,}/g, (s) => s.slice(0, 4) + '…')}`);
      }
    }
  }
  return { tp, fp, fn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), falsePositives, falseNegatives };
}
