/**
 * The live docs state (what the Docs view, the badges and `cli check` show) against real runs on
 * the TypeScript sample: after each kind of change it must name exactly the pages the next run
 * regenerates — the two share one notion of "stale". Tests run in order on one workspace.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { LiveDocsState, type FileChange } from '../../../src/core/docs/liveDocsState';
import { describeCause, needsUpdate } from '../../../src/core/docs/docStatus';
import { readFailures } from '../../../src/core/docs/runFailures';
import { createTestParser } from './parse/parseTestSupport';
import { setUpDocRun, type DocRunFixture } from './docRunHarness';

let e: DocRunFixture;
let state: LiveDocsState;

async function load(): Promise<LiveDocsState> {
  return LiveDocsState.load({ root: e.fixture.root, outputDirectory: 'docs/generated' }, { parse: await createTestParser() });
}

function needingUpdate(s: LiveDocsState): string[] {
  return s.statuses().filter((p) => needsUpdate(p.state)).map((p) => p.path).sort();
}

function abs(rel: string): string {
  return path.join(e.fixture.root, ...rel.split('/'));
}

/** Runs the engine, then feeds the state the output folder's changes the way a file watcher would. */
async function runAndObserve(): Promise<string[]> {
  const summary = await runDocs(e.options, e.services);
  await state.update([{ path: path.join(e.outputDir, '.docsmith', 'manifest.json'), kind: 'changed' }, ...summary.pages.written.map((p): FileChange => ({ path: path.join(e.outputDir, p), kind: 'changed' }))]);
  return [...summary.pages.written, ...summary.failed.map((f) => f.page)].sort();
}

before(async () => {
  e = await setUpDocRun('ts-sample');
});

after(async () => {
  await e.close();
});

test('the live state of the TypeScript sample through a run and each kind of change (steps in order, each on the last one\'s state)', async (t) => {
  await t.test('before any run there are no docs and no statuses, and loading writes nothing', async () => {
    state = await load();
    assert.equal(state.hasDocs, false);
    assert.deepEqual(state.statuses(), []);
    await assert.rejects(fs.stat(e.outputDir), 'the view must not create the output folder');
  });

  await t.test('after a full run every planned page is fresh, with its cost from the manifest', async () => {
    const summary = await runDocs(e.options, e.services);
    assert.equal(summary.ok, true);
    await state.update([{ path: path.join(e.outputDir, '.docsmith', 'manifest.json'), kind: 'created' }]);
    assert.equal(state.hasDocs, true);
    const counts = state.counts();
    assert.equal(counts.total, summary.pages.planned);
    assert.equal(counts.fresh, counts.total, JSON.stringify(needingUpdate(state)));
    const page = state.status('src/util/format.ts.md');
    assert.equal(page?.kind, 'file');
    assert.equal(typeof page?.entry?.requests, 'number');
    // A fresh load agrees with the updated state.
    assert.deepEqual(needingUpdate(await load()), []);
  });

  await t.test('editing a body makes the file page, the folder pages above it, ARCHITECTURE.md and the overview stale — exactly what the next run regenerates', async () => {
    const file = 'src/util/format.ts';
    await fs.appendFile(abs(file), '\n// a comment that changes nothing exported\n');
    const report = await state.update([{ path: abs(file), kind: 'changed' }]);
    assert.deepEqual({ hashed: report.hashed, parsed: report.parsed, rescanned: report.rescanned }, { hashed: 1, parsed: 1, rescanned: false });
    const stale = needingUpdate(state);
    assert.deepEqual(stale, ['ARCHITECTURE.md', 'README.md', 'src/README.md', 'src/util/README.md', 'src/util/format.ts.md']);
    assert.equal(state.status('src/util/format.ts.md')?.state, 'stale');
    assert.deepEqual(state.status('README.md')?.cause?.changed, [file], 'the overview says which source changed');
    assert.match(describeCause(state.status('src/README.md')?.cause), /`src\/util\/format\.ts` changed/);
    assert.deepEqual(state.pagesAbove('src/util/format.ts.md').sort(), stale);
    assert.deepEqual(await runAndObserve(), stale);
    assert.deepEqual(needingUpdate(state), []);
  });

  await t.test('saving a file unchanged hashes it and changes nothing', async () => {
    const report = await state.update([{ path: abs('src/util/format.ts'), kind: 'changed' }]);
    assert.equal(report.hashed, 1);
    assert.equal(report.parsed, 0);
    assert.deepEqual(needingUpdate(state), []);
  });

  await t.test('a changed export also makes the pages of the files importing it stale, for a reason other than their own source', async () => {
    const file = 'src/util/ids.ts';
    await fs.appendFile(abs(file), '\nexport function newId(): string {\n  return "x";\n}\n');
    await state.update([{ path: abs(file), kind: 'changed' }]);
    const stale = needingUpdate(state);
    const importers = stale.filter((p) => p.endsWith('.ts.md') && p !== 'src/util/ids.ts.md');
    assert.ok(importers.length > 0, `importers of ids.ts are stale: ${stale.join(', ')}`);
    for (const p of importers) assert.equal(state.status(p)?.cause?.other, true, p);
    assert.deepEqual(await runAndObserve(), stale);
  });

  await t.test('a new file is missing, its folder says so, an import waiting for it resolves, and a deleted file leaves its parents stale', async () => {
    // app.ts imports a module that does not exist yet: saved first, it resolves once the file appears.
    await fs.appendFile(abs('src/app.ts'), "\nimport { slug } from './util/slug';\nexport const appSlug = slug('App');\n");
    await state.update([{ path: abs('src/app.ts'), kind: 'changed' }]);
    await fs.writeFile(abs('src/util/slug.ts'), 'export function slug(s: string): string {\n  return s.toLowerCase();\n}\n');
    await state.update([{ path: abs('src/util/slug.ts'), kind: 'created' }]);
    assert.equal(state.status('src/util/slug.ts.md')?.state, 'missing');
    assert.deepEqual(state.status('src/util/README.md')?.cause?.added, ['src/util/slug.ts']);
    const missing = needingUpdate(state);
    assert.deepEqual(await runAndObserve(), missing);

    await fs.rm(abs('src/util/dates.ts'));
    await state.update([{ path: abs('src/util/dates.ts'), kind: 'deleted' }]);
    assert.equal(state.status('src/util/dates.ts.md'), undefined, 'no page planned for a deleted file');
    assert.ok(state.status('src/util/README.md')?.cause?.removed.includes('src/util/dates.ts'));
    const stale = needingUpdate(state);
    assert.deepEqual(await runAndObserve(), stale);
    assert.deepEqual(needingUpdate(await load()), [], 'a fresh load agrees');
  });

  await t.test('a page the last run could not write is failed with the reason, and clears when a run writes it', async () => {
    const file = 'src/util/format.ts';
    await fs.appendFile(abs(file), '// another edit\n');
    await state.update([{ path: abs(file), kind: 'changed' }]);
    e.fake.script = (request) => (JSON.stringify(request.body).includes('Document the file `src/util/format.ts`') ? { kind: 'error', status: 400, message: 'context too long for this model' } : undefined);
    try {
      await runAndObserve();
    } finally {
      e.fake.script = undefined;
    }
    const failed = state.status('src/util/format.ts.md');
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.failure?.message ?? '', /context too long/);
    assert.equal((await readFailures(e.outputDir)).size, 1);
    const toRetry = needingUpdate(state);
    assert.ok(toRetry.includes('src/util/format.ts.md'));
    assert.deepEqual(await runAndObserve(), toRetry);
    assert.equal(state.status('src/util/format.ts.md')?.state, 'fresh');
    assert.equal((await readFailures(e.outputDir)).size, 0);
  });

  await t.test('a page deleted by hand is missing again', async () => {
    await fs.rm(path.join(e.outputDir, 'src', 'config.ts.md'));
    await state.update([{ path: path.join(e.outputDir, 'src', 'config.ts.md'), kind: 'deleted' }]);
    assert.equal(state.status('src/config.ts.md')?.state, 'missing');
  });
});
