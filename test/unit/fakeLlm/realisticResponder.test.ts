/**
 * The realistic fake answers an architecture page at a length that grows with the import edges
 * its prompt lists; it must read the edges in the form the architecture prompt writes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architecturePrompt } from '../../../src/core/docs/prompts';
import { architectureEdges, pagePhaseOf, targetOutputTokens } from '../../fixtures/fakeLlm/realisticResponder';

const parts = [
  { name: 'lib/', kind: 'folder' as const, summary: 'The library.' },
  { name: 'index.js', kind: 'file' as const, summary: 'Loads the library.' },
];

function userText(dependencies: { from: string; to: string; imports: number }[]): string {
  const messages = architecturePrompt({ parts, dependencies, fileCount: 9 }, { structured: false });
  return messages[messages.length - 1].content;
}

test('the fake counts every folder import edge of the architecture prompt as the prompt writes them', () => {
  const dependencies = [
    { from: '.', to: 'lib', imports: 1 },
    { from: 'lib', to: 'lib/core', imports: 4 },
    { from: 'lib', to: 'lib/helpers', imports: 7 },
    { from: 'lib/core', to: 'lib/helpers', imports: 12 },
  ];
  const text = userText(dependencies);
  assert.equal(pagePhaseOf(text), 'architecture');
  assert.equal(architectureEdges(text), 4, text);
  assert.equal(architectureEdges(userText([])), 0, 'no edges listed: "(none)"');
  // More edges, a longer answer: 40 edges are 320 tokens more before the ±15% jitter, more than the jitter can take back.
  const many = Array.from({ length: 40 }, (_, i) => ({ from: `lib/f${i}`, to: 'lib/core', imports: i + 1 }));
  assert.equal(architectureEdges(userText(many)), 40);
  assert.ok(targetOutputTokens('architecture', userText(many)) > targetOutputTokens('architecture', text));
});
