/**
 * Secret masking measured on a corpus: every secret-bearing line of {@link SECRET_LINES} loses its
 * secret (recall), and the realistic innocent lines of {@link INNOCENT_LINES} come out unchanged
 * (false positives). Both figures are printed; the goals are asserted. Then the logger: a key of
 * any length the user configured, and an object at any depth, are masked.
 */
import { test } from 'node:test';
import { hostileCorpus } from './hostileCorpus';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { countSecrets, redactSource, REDACTION_MARK } from '../../../src/core/docs/redactSource';
import { redactSecrets, redactValue } from '../../../src/core/redact';
import { createRedactingLogger } from '../../../src/core/logger';
import { INNOCENT_LINES, SECRET_LINES } from './secretCorpus';
import { recordingLogger } from './reliabilityHarness';
import { repositoryRoot } from './reliabilityReport';

/** Innocent lines changed by masking, at most this share of them. */
const MAX_FALSE_POSITIVE_RATE = 0.02;
/** Lines of real third-party code changed by masking, at most this share of them. */
const MAX_CODE_FALSE_POSITIVE_RATE = 0.0002;

const hostileTest = hostileCorpus(__filename, 'secrets');

hostileTest({ attack: 'a corpus of 36 secret-bearing lines and 82 realistic innocent lines', holds: 'recall 1.0, at most 2% of innocent lines changed' }, (t) => {
  const missed = SECRET_LINES.filter((s) => redactSource(s.line, s.file).includes(s.secret));
  const falsePositives = INNOCENT_LINES.filter((l) => redactSource(l.line, l.file) !== l.line);
  const recall = (SECRET_LINES.length - missed.length) / SECRET_LINES.length;
  const fpRate = falsePositives.length / INNOCENT_LINES.length;
  t.diagnostic(`secret masking recall ${recall.toFixed(3)} (${SECRET_LINES.length - missed.length}/${SECRET_LINES.length} secret-bearing lines)`);
  t.diagnostic(`secret masking false positives ${(fpRate * 100).toFixed(1)}% (${falsePositives.length}/${INNOCENT_LINES.length} innocent lines changed)`);
  assert.deepEqual(missed.map((s) => `${s.file}: ${s.line}`), []);
  assert.ok(fpRate <= MAX_FALSE_POSITIVE_RATE, falsePositives.map((l) => `${l.file}: ${l.line} → ${redactSource(l.line, l.file)}`).join('\n'));
  for (const s of SECRET_LINES) assert.ok(countSecrets(s.line, s.file) >= 1, s.line);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

hostileTest({ attack: 'the OpenAI and Anthropic SDK sources (about 150,000 lines of real code) as innocent input', holds: 'at most 0.02% of their lines changed' }, (t) => {
  let lines = 0;
  const changed: string[] = [];
  for (const pkg of ['openai', '@anthropic-ai/sdk']) {
    const dir = path.join(repositoryRoot(), 'node_modules', ...pkg.split('/'), 'src');
    for (const file of sourceFiles(dir)) {
      const rel = path.relative(dir, file);
      const before = readFileSync(file, 'utf8').split('\n');
      const after = redactSource(before.join('\n'), rel).split('\n');
      lines += before.length;
      before.forEach((line, i) => line !== after[i] && changed.push(`${pkg}/${rel}: ${line.trim()}`));
    }
  }
  const rate = changed.length / lines;
  t.diagnostic(`secret masking false positives on SDK code: ${changed.length} of ${lines} lines changed (${(rate * 100).toFixed(4)}%)`);
  for (const c of changed) t.diagnostic(`  ${c.slice(0, 160)}`);
  assert.ok(lines > 50_000, `${lines} lines read: the SDKs ship their TypeScript sources`);
  assert.ok(rate <= MAX_CODE_FALSE_POSITIVE_RATE, changed.join('\n'));
});

test('masking keeps what is around a secret: the name, the quotes, the URL, the header', () => {
  const cases: Array<[string, string, string]> = [
    ['a.yml', '  url: postgres://app:s3cr3tPass@db:5432/app', `  url: postgres://app:${REDACTION_MARK}@db:5432/app`],
    ['a.ts', 'headers: { Authorization: "Bearer abc123def456ghi789" }', `headers: { Authorization: "Bearer ${REDACTION_MARK}" }`],
    ['docker-compose.yml', '      - POSTGRES_PASSWORD=example_pw', `      - POSTGRES_PASSWORD=${REDACTION_MARK}`],
    ['config.yml', 'password: hunter2 # local only', `password: ${REDACTION_MARK} # local only`],
    ['a.py', "db_password = 'pw12'", `db_password = '${REDACTION_MARK}'`],
    ['a.py', 'SLACK = "https://hooks.slack.com/services/T0/B0/XYZ"', `SLACK = "https://hooks.slack.com/services/${REDACTION_MARK}"`],
  ];
  for (const [file, line, expected] of cases) assert.equal(redactSource(line, file), expected, line);
});

test('unquoted values count only where they are literals: configuration files and NAME=value lines', () => {
  assert.equal(redactSource('password: hunter2', 'src/form.ts'), 'password: hunter2', 'a TypeScript object key with a variable');
  assert.equal(redactSource('password: hunter2', 'config/app.yaml'), `password: ${REDACTION_MARK}`);
  assert.equal(redactSource('export DB_PASSWORD=hunter2', 'scripts/run.sh'), `export DB_PASSWORD=${REDACTION_MARK}`);
  assert.equal(redactSource('const secret = "x9";'), `const secret = "${REDACTION_MARK}";`, 'a quoted literal counts in any file');
});

hostileTest({ attack: 'configured keys of 1 to 7 characters, a `Bearer` value of 2', holds: 'masked in every log line where they stand alone' }, () => {
  for (const key of ['k', 'ab1', 'x9z7q', 'short-k']) {
    const out = redactSecrets(`calling with key=${key} and Bearer ${key}; "${key}"`, [key]);
    assert.ok(!new RegExp(`(^|[^A-Za-z0-9])${key.replace(/[-]/g, '\\-')}([^A-Za-z0-9]|$)`).test(out), `${key}: ${out}`);
  }
  assert.equal(redactSecrets('the index of x-ray', ['zq']), 'the index of x-ray');
  assert.equal(redactSecrets('zqzq and zq', ['zq']), `zqzq and ${REDACTION_MARK}`, 'a short key inside a longer word is left');
  assert.equal(redactSecrets('curl -H "Authorization: Bearer a1"'), `curl -H "Authorization: Bearer ${REDACTION_MARK}"`);
  assert.equal(redactSecrets('sent Bearer xyz'), `sent Bearer ${REDACTION_MARK}`, 'a bearer value of any length');
});

hostileTest({ attack: 'a key 40 objects deep in a log argument, secret-named fields in a Map, a cycle', holds: 'the logger masks all of them and keeps harmless values' }, () => {
  const key = 'q1w';
  type Deep = { next?: Deep; level: number; note?: string; headers?: Record<string, string> };
  const root: Deep = { level: 0 };
  let cur = root;
  for (let i = 1; i < 40; i++) {
    cur.next = { level: i };
    cur = cur.next;
  }
  cur.note = `key ${key} at the bottom`;
  cur.headers = { authorization: 'Basic Zm9vOmJhcg==', 'x-request-id': 'r-1' };
  const cyclic: Record<string, unknown> = { dbPassword: 'hunter2', list: [new Map([['clientSecret', 'zzz']])] };
  cyclic.self = cyclic;
  const raw = recordingLogger();
  const log = createRedactingLogger(raw, () => [key]);
  log.info('deep', root, cyclic);
  const line = raw.lines.join('\n');
  assert.ok(!line.includes(key), line);
  assert.ok(!line.includes('Zm9vOmJhcg=='), line);
  assert.ok(!line.includes('hunter2') && !line.includes('zzz'), line);
  assert.ok(line.includes('r-1') && line.includes('"level":39'), 'harmless values at depth are kept');
  assert.equal((redactValue(cyclic) as Record<string, unknown>).self, '[Circular]');
  const shared = { note: 'same object twice' };
  assert.deepEqual(redactValue({ a: shared, b: shared }), { a: shared, b: shared }, 'an object seen twice side by side is not a cycle');
});
