/**
 * Helper process of manifestJournal.test.ts: records `count` pages one after another in the
 * manifest of the output folder given, compacting every `compactEvery`, printing `set <i>` once
 * each change is on disk. The test kills it at a random moment.
 */
import { ManifestStore, readManifest } from '../../../src/core/docs/manifest';
import { sampleEntry } from './manifestSamples';

async function main(): Promise<void> {
  const [dir, countText, compactEveryText] = process.argv.slice(2);
  const store = new ManifestStore(dir, (await readManifest(dir)).manifest);
  for (let i = 0; i < Number(countText); i++) {
    await store.set(`pkg/p${i}.md`, sampleEntry(i));
    process.stdout.write(`set ${i}\n`);
    if ((i + 1) % Number(compactEveryText) === 0) await store.compact();
  }
  await store.compact();
}

void main();
