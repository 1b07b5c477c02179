import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { countSecrets, redactSource, REDACTION_MARK } from '../../../src/core/docs/redactSource';
import { fixtureSourceDir, KEY_CANARY } from '../../fixtures/workspaces/prepare';

test('the key-like canary in both fixtures is masked and the rest of the file is untouched', () => {
  for (const [name, file] of [['ts-sample', 'src/config.ts'], ['py-sample', 'inventory/config.py']] as const) {
    const text = readFileSync(path.join(fixtureSourceDir(name), file), 'utf8');
    assert.ok(text.includes(KEY_CANARY));
    const redacted = redactSource(text);
    assert.ok(!redacted.includes(KEY_CANARY));
    assert.ok(!redacted.includes('000111222333'));
    assert.equal(redacted, text.replace(KEY_CANARY, REDACTION_MARK));
  }
});

test('each known key shape is masked', () => {
  const keys = [
    'sk-or-v1-0123456789abcdef0123456789abcdef',
    'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv',
    'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx',
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_0123456789abcdefghijABCDEFGHIJ012345',
    'github_pat_11ABCDEFG0123456789_abcdefghijkl',
    'xoxb-1234567890-abcdefghij',
    'AIzaSyA-0123456789abcdefghijklmnopqrstu',
  ];
  for (const key of keys) {
    const out = redactSource(`const k = "${key}"; // key`);
    assert.equal(out, `const k = "${REDACTION_MARK}"; // key`, key);
  }
  assert.equal(countSecrets(keys.join('\n')), keys.length);
});

test('a private key block is masked with its line count kept', () => {
  const text = 'line 1\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcdef\n-----END RSA PRIVATE KEY-----\nline 6\n';
  const out = redactSource(text);
  assert.ok(!out.includes('MIIEow'));
  assert.equal(out.split('\n').length, text.split('\n').length);
  assert.equal(out.split('\n')[5], 'line 6');
  const crlf = text.replace(/\n/g, '\r\n');
  assert.equal(redactSource(crlf).split('\r\n').length, crlf.split('\r\n').length);
});

test('quoted values assigned to secret-sounding names are masked, names kept', () => {
  const cases: Array<[string, string]> = [
    ['const apiKey = "Zx81-local-server-key-4411";', `const apiKey = "${REDACTION_MARK}";`],
    ['const myServiceApiKey="Zx81-local-server-key-4411"', `const myServiceApiKey="${REDACTION_MARK}"`],
    ['{"client_secret": "abcdefghijklmnop1234"}', `{"client_secret": "${REDACTION_MARK}"}`],
    ["DB_PASSWORD: 'hunter2hunter2hunter2'", `DB_PASSWORD: '${REDACTION_MARK}'`],
    ['self.auth_token = `0123456789abcdef0123`', `self.auth_token = \`${REDACTION_MARK}\``],
    ['password = "short"', `password = "${REDACTION_MARK}"`],
  ];
  for (const [input, expected] of cases) assert.equal(redactSource(input), expected, input);
  const untouched = ['token = tokenizer.next()', 'const secretName = "my secret label"', 'tokens: ["a", "b"]', 'password = ""', 'password = "${DB_PASSWORD}"'];
  for (const line of untouched) assert.equal(redactSource(line), line, line);
  assert.equal(countSecrets('apiKey = "Zx81-local-server-key-4411"'), 1);
});

test('ordinary code that merely looks similar is left alone', () => {
  const code = 'const task = "task-manager-with-a-long-name"; const risk = "risk-assessment-module-v2"; const sk = "sk-short";';
  assert.equal(redactSource(code), code);
  assert.equal(countSecrets(code), 0);
});
