/**
 * The live preview of a streaming answer: keys arrive in pieces, and no piece of one may be shown
 * before the line it is in can be masked as a whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamMasker } from '../../../src/core/docs/streamMasking';
import { REDACTION_MARK, redactSource } from '../../../src/core/docs/redactSource';
import { seededRandom, type SeededRandom } from '../../fixtures/badInput/seededRandom';
import { SECRET_LINES } from '../reliability/secretCorpus';

/** Corpus lines an answer could hold that are masked wherever they appear (not only in configuration files). */
const ANSWER_SECRETS = SECRET_LINES.filter((s) => !redactSource(s.line).includes(s.secret));

const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'];

const ANSWER = [
  'Summary: Connects to the services the app needs.',
  '',
  'The module reads its settings at start-up:',
  '',
  '```',
  ...ANSWER_SECRETS.slice(0, 12).map((s) => s.line),
  '```',
  '',
  'It also sets:',
  '',
  ...ANSWER_SECRETS.slice(12).map((s) => s.line),
  '',
  '```pem',
  ...PEM,
  '```',
  '',
  'Nothing else is read.',
].join('\n');

/** The shortest start of each secret, 6 characters or more (the whole of a shorter one), that only the secret holds. */
function probe(secret: string, masked: string): string {
  let n = Math.min(6, secret.length);
  while (n < secret.length && masked.includes(secret.slice(0, n))) n++;
  return secret.slice(0, n);
}
const probes = [...ANSWER_SECRETS.map((s) => probe(s.secret, redactSource(ANSWER))), PEM[1].slice(0, 16), PEM[2].slice(20, 36)];

function chunks(text: string, rng: SeededRandom, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = rng.int(1, max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

test('an answer streamed in pieces of 1 to 7 characters never shows a piece of a key, and ends as the masked answer', () => {
  assert.ok(ANSWER_SECRETS.length >= 25, `the corpus gives ${ANSWER_SECRETS.length} secrets an answer can hold`);
  const masked = redactSource(ANSWER);
  for (const probe of probes) assert.ok(ANSWER.includes(probe) && !masked.includes(probe), `${probe} is only in a secret`);

  for (const [seed, max] of [[1, 1], [2, 3], [3, 7], [4, 7], [5, 2]] as const) {
    let shown = '';
    let updates = 0;
    const masker = createStreamMasker((text) => {
      shown += text;
      updates++;
    });
    for (const piece of chunks(ANSWER, seededRandom(seed), max)) {
      masker.push(piece);
      const leaked = probes.find((p) => shown.includes(p));
      assert.equal(leaked, undefined, `seed ${seed}: ${leaked} shown while streaming`);
    }
    masker.end();
    assert.equal(shown, masked, `seed ${seed}: the preview ends as the masked answer`);
    assert.ok(updates > 20, `seed ${seed}: the preview grew line by line (${updates} updates)`);
  }
});

test('a line shows as soon as it ends; a key block only once its END line arrives; an unfinished one never', () => {
  let shown = '';
  const masker = createStreamMasker((text) => (shown += text));
  masker.push('Summary: Loads the key.\n\nThe key is read from');
  assert.equal(shown, 'Summary: Loads the key.\n\n', 'finished lines show, the unfinished one waits');
  masker.push(' disk:\n\n');
  masker.push(`${PEM[0]}\n${PEM[1]}\n${PEM[2]}\n`);
  assert.ok(shown.endsWith('read from disk:\n\n'), 'nothing of the key block shows before it ends');
  masker.push(`${PEM[3]}\nDone.`);
  assert.ok(shown.includes(REDACTION_MARK) && !shown.includes(PEM[1].slice(0, 16)), `the ended block shows masked: ${JSON.stringify(shown)}`);
  masker.end();
  assert.ok(shown.endsWith('Done.'));

  let cut = '';
  const unfinished = createStreamMasker((text) => (cut += text));
  unfinished.push(`Before.\n${PEM[0]}\n${PEM[1]}\n${PEM[2].slice(0, 30)}`);
  unfinished.end();
  unfinished.push('\n\nAfter.\n');
  assert.equal(cut, 'Before.\n', 'a block the answer never ends is never shown, nor anything after it');
});

test('a quoted value on the line after its assignment is masked with it, not shown on its own', () => {
  let shown = '';
  const masker = createStreamMasker((text) => (shown += text));
  // A quoted value after a line break still belongs to the assignment on the line before.
  masker.push('const password =\n');
  masker.push('  "hunter2";\nmore text\n');
  masker.end();
  assert.ok(!shown.includes('hunter2') && shown.includes('more text'), JSON.stringify(shown));
});
