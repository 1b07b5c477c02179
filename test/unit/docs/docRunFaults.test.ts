/**
 * The engine when things go wrong or get in its way: cancellation half-way, a failing file, the
 * spend cap, a declined estimate, a second concurrent run, a hand-written page in the output folder — and the Python
 * sample with structured output.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { readManifest } from '../../../src/core/docs/manifest';
import { RunLockedError } from '../../../src/core/docs/runLock';
import { TEMP_SUFFIX } from '../../../src/core/atomicFile';
import { parseMermaidEdges } from '../../../src/core/docs/importDiagram';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { recordCostNanos } from '../../../src/core/cost/costTotals';
import type { CostEstimate } from '../../../src/core/cost/costEstimate';
import type { RunEstimate } from '../../../src/core/docs/runEstimate';
import { ENV_CANARY, KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { citationValidityOnDisk, listFiles, setUpDocRun, snapshotTree, tempFilesIn } from './docRunHarness';

const userText = (body: unknown): string => JSON.stringify((body as { messages?: unknown }).messages ?? '');

test('a run cancelled half-way leaves no temp files and a valid manifest; the next run completes exactly the rest', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    e.fake.script = () => ({ kind: 'stream', tokenDelayMs: 3 });
    const controller = new AbortController();
    const first = await runDocs(e.options, e.services, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'generate' && p.pagesDone >= 10) controller.abort();
      },
    });
    assert.equal(first.cancelled, true);
    assert.equal(first.ok, false);
    assert.ok(first.pages.written.length >= 10 && first.pages.written.length < first.pages.planned, `written ${first.pages.written.length}`);
    assert.deepEqual(first.failed, []);
    assert.deepEqual(await tempFilesIn(e.outputDir), []);
    const manifest = await readManifest(e.outputDir);
    assert.equal(manifest.problem, undefined);
    assert.deepEqual(Object.keys(manifest.manifest.pages).sort(), [...first.pages.written].sort());
    await fs.stat(path.join(e.outputDir, '.docsmith')); // lock released: only the manifest and cache remain
    assert.ok(!(await listFiles(e.outputDir)).includes('.docsmith/run.lock'));

    e.fake.script = undefined;
    const second = await runDocs(e.options, e.services);
    assert.equal(second.ok, true);
    const both = [...first.pages.written, ...second.pages.written].sort();
    assert.equal(new Set(both).size, both.length, 'no page written twice');
    assert.equal(both.length, first.pages.planned);
    assert.deepEqual((await citationValidityOnDisk(e.fixture.root, e.outputDir)).invalid, []);
  } finally {
    await e.close();
  }
});

test('a file whose requests keep failing is listed with its reason; the rest is written and a rerun fixes exactly what is missing', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const ledger = new CostLedger();
    e.services.ledger = ledger;
    // Every request carrying the file fails: its batch (the batch's other pages are then asked alone) and its own.
    let failedAttempts = 0;
    e.fake.script = (req) => {
      const text = userText(req.body);
      if (!text.includes('the file `src/util/dates.ts`') && !text.includes('=== FILE src/util/dates.ts\\n')) return undefined;
      failedAttempts++;
      return { kind: 'error', status: 503 };
    };
    const first = await runDocs(e.options, e.services);
    assert.equal(first.ok, false);
    assert.deepEqual(first.failed.map((f) => [f.page, f.reason]), [['src/util/dates.ts.md', 'serverError']]);
    assert.equal(first.pages.written.length, first.pages.planned - 1);
    const folder = await fs.readFile(path.join(e.outputDir, 'src/util/README.md'), 'utf8');
    assert.match(folder, /dates\.ts — not documented: /);
    const readme = await fs.readFile(path.join(e.outputDir, 'README.md'), 'utf8');
    assert.match(readme, /dates\.ts \(no page yet\)/);
    assert.match(readme, /Pages that could not be generated[\s\S]*src\/util\/dates\.ts\.md/);
    // the ledger saw every billed request (failed 503s are not billed), none twice
    await ledger.whenSettled();
    assert.equal(ledger.records.length, first.requests - failedAttempts);
    assert.equal(ledger.records.reduce((n, r) => n + (recordCostNanos(r) ?? 0), 0), Math.round(first.cost.knownUsd * 1e9));

    e.fake.script = undefined;
    const second = await runDocs(e.options, e.services);
    assert.equal(second.ok, true);
    assert.deepEqual(second.pages.written, ['ARCHITECTURE.md', 'README.md', 'src/README.md', 'src/util/README.md', 'src/util/dates.ts.md']);
  } finally {
    await e.close();
  }
});

test('the spend cap stops the run cleanly before a request could cross it; the next run resumes', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    e.services.spendCap = { maxCostUsd: 0.01, pricing: { prompt: 0.5e-6, completion: 1.5e-6 } };
    const first = await runDocs(e.options, e.services);
    assert.equal(first.stoppedByCap, true);
    assert.equal(first.ok, false);
    assert.deepEqual(first.failed, []);
    assert.ok(first.cost.knownUsd <= 0.01, `spent ${first.cost.knownUsd}`);
    assert.ok(first.pages.notStarted.length > 0);
    assert.ok(first.estimate && first.estimate.costUsd !== undefined && first.estimate.costUsd > 0.01);

    e.services.spendCap = undefined;
    const second = await runDocs(e.options, e.services);
    assert.equal(second.ok, true);
    assert.equal(second.pages.written.length + first.pages.written.length, first.pages.planned);
  } finally {
    await e.close();
  }
});

test('declining the estimate makes zero requests', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    let seen: unknown;
    e.services.confirm = (estimate) => {
      seen = estimate;
      return false;
    };
    const summary = await runDocs(e.options, e.services);
    assert.equal(summary.declined, true);
    assert.equal(e.fake.chatRequests.length, 0);
    assert.equal(summary.pages.planned > 0, true);
    // The estimate counts the requests the run then makes: batches of small files, large-file parts.
    e.services.confirm = () => true;
    const confirmed = await runDocs(e.options, e.services);
    assert.equal(confirmed.ok, true);
    assert.equal((seen as { requests: number }).requests, e.fake.chatRequests.length, 'every request estimated, batches and large-file parts included');
  } finally {
    await e.close();
  }
});

test('declining the estimate leaves the workspace exactly as it was: no output folder, no cache, no empty folder', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const before = await snapshotTree(e.fixture.root);
    e.services.confirm = () => false;
    const summary = await runDocs(e.options, e.services);
    assert.equal(summary.declined, true);
    assert.deepEqual(await snapshotTree(e.fixture.root), before);
  } finally {
    await e.close();
  }
});

test('declining the estimate of a rerun removes nothing: a page whose source is gone stays until a run is confirmed', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    await runDocs(e.options, e.services);
    const gone = Object.keys((await readManifest(e.outputDir)).manifest.pages).find((p) => p.endsWith('.ts.md'))!;
    await fs.rm(path.join(e.fixture.root, gone.slice(0, -'.md'.length)));
    const before = await snapshotTree(e.fixture.root);
    e.services.confirm = () => false;
    const declined = await runDocs(e.options, e.services);
    assert.equal(declined.declined, true);
    assert.deepEqual(await snapshotTree(e.fixture.root), before, 'nothing changed, the obsolete page included');
    delete e.services.confirm;
    const confirmed = await runDocs(e.options, e.services);
    assert.deepEqual(confirmed.pages.removed, [gone]);
  } finally {
    await e.close();
  }
});

test('a second run on the same output folder is refused while the first is running', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    e.fake.script = () => ({ kind: 'stream', tokenDelayMs: 5 });
    const first = runDocs(e.options, e.services);
    await e.fake.waitFor((r) => r.some((x) => x.flavour !== undefined), 5000);
    await assert.rejects(runDocs(e.options, e.services), (err: unknown) => err instanceof RunLockedError && /already writing/.test((err as Error).message));
    assert.equal((await first).ok, true);
  } finally {
    await e.close();
  }
});

test('a hand-written README.md in the output folder is left alone and reported', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    await fs.mkdir(e.outputDir, { recursive: true });
    await fs.writeFile(path.join(e.outputDir, 'README.md'), '# Our own docs\n');
    const first = await runDocs(e.options, e.services);
    assert.deepEqual(first.pages.notOwned, ['README.md']);
    assert.equal(await fs.readFile(path.join(e.outputDir, 'README.md'), 'utf8'), '# Our own docs\n');
    assert.ok(first.pages.written.includes('ARCHITECTURE.md'));
    const before = e.fake.chatRequests.length;
    const second = await runDocs(e.options, e.services);
    assert.equal(e.fake.chatRequests.length, before, 'no requests on the rerun');
    assert.deepEqual(second.pages.notOwned, ['README.md']);
  } finally {
    await e.close();
  }
});

test('the Python sample with structured output: all pages, valid citations, no canary sent', async () => {
  const e = await setUpDocRun('py-sample', { structuredOutput: true });
  try {
    const summary = await runDocs(e.options, e.services);
    assert.equal(summary.ok, true, JSON.stringify(summary.failed));
    for (const r of e.fake.chatRequests) {
      assert.equal(((r.body as { response_format?: { type?: string } }).response_format ?? {}).type, 'json_schema');
    }
    const pages = (await listFiles(e.outputDir)).filter((f) => f.endsWith('.md'));
    for (const p of ['inventory/services/stock.py.md', 'inventory/services/reports/README.md', `${e.fixture.largeFile}.md`, 'ARCHITECTURE.md', 'README.md']) {
      assert.ok(pages.includes(p), p);
    }
    assert.ok(!pages.some((p) => p.startsWith('build/') || p === '.env.md' || p === 'run.log.md'));
    const check = await citationValidityOnDisk(e.fixture.root, e.outputDir);
    assert.deepEqual(check.invalid, []);
    assert.ok(summary.citations.repaired > 0 && summary.citations.removed > 0);
    const bodies = JSON.stringify(e.fake.chatRequests.map((r) => r.body));
    assert.ok(!bodies.includes(ENV_CANARY) && !bodies.includes(KEY_CANARY));

    // The diagrams' edges are the fixture's imports, read by hand from its sources: folded to the
    // folders below inventory/ first (11 files do not fit one legible diagram), then inside each.
    const architecture = await fs.readFile(path.join(e.outputDir, 'ARCHITECTURE.md'), 'utf8');
    const blocks = [...architecture.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => parseMermaidEdges(m[1]).map((x) => `${x.from} -> ${x.to}`));
    const i = 'inventory';
    const expected = [
      [`${i}/main.py`, `${i}/config.py`], [`${i}/main.py`, `${i}/models/warehouse.py`], [`${i}/main.py`, `${i}/models/item.py`],
      [`${i}/main.py`, `${i}/services/stock.py`], [`${i}/main.py`, `${i}/services/reports/summary.py`],
      [`${i}/services/pricing.py`, `${i}/services/stock.py`], [`${i}/services/pricing.py`, `${i}/util/money.py`],
      [`${i}/services/reports/summary.py`, `${i}/models/__init__.py`], [`${i}/services/reports/summary.py`, `${i}/services/stock.py`],
      [`${i}/services/reports/summary.py`, `${i}/util/text.py`],
      [`${i}/services/stock.py`, `${i}/config.py`], [`${i}/services/stock.py`, `${i}/models/item.py`],
      [`${i}/services/stock.py`, `${i}/models/warehouse.py`], [`${i}/services/stock.py`, `${i}/services/pricing.py`],
      [`${i}/__init__.py`, `${i}/models/__init__.py`], [`${i}/__init__.py`, `${i}/services/stock.py`],
      [`${i}/models/__init__.py`, `${i}/models/item.py`], [`${i}/models/__init__.py`, `${i}/models/warehouse.py`],
      [`${i}/models/warehouse.py`, `${i}/models/item.py`],
    ].map(([a, b]) => `${a} -> ${b}`);
    const fold = (p: string): string => p.split('/').slice(0, 2).join('/');
    const folded = new Set(expected.map((x) => x.split(' -> ').map(fold).join(' -> ')).filter((x) => x.split(' -> ')[0] !== x.split(' -> ')[1]));
    assert.deepEqual(blocks[0].sort(), [...folded].sort());
    const within = (folder: string): string[] => expected.filter((x) => x.split(' -> ').every((p) => p.startsWith(`${folder}/`))).sort();
    assert.deepEqual(blocks.slice(1).map((b) => b.sort()), [within(`${i}/models`), within(`${i}/services`)]);
  } finally {
    await e.close();
  }
});

test('after a kill between page and manifest write, the next run cleans temp files and adopts the orphan page', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    await runDocs(e.options, e.services);
    // What a SIGKILL at the worst moment leaves: a temp file, and a page whose manifest entry never landed.
    const manifestFile = path.join(e.outputDir, '.docsmith/manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as { pages: Record<string, unknown> };
    delete manifest.pages['src/models/order.ts.md'];
    await fs.writeFile(manifestFile, JSON.stringify(manifest));
    await fs.writeFile(path.join(e.outputDir, `src/models/.order.ts.md.999.dead${TEMP_SUFFIX}`), 'half a page');
    const before = e.fake.chatRequests.length;
    const summary = await runDocs(e.options, e.services);
    assert.deepEqual(summary.pages.written, ['src/models/order.ts.md']);
    assert.deepEqual(summary.pages.notOwned, []);
    assert.equal(e.fake.chatRequests.length - before, 1);
    assert.deepEqual(await tempFilesIn(e.outputDir), []);
    assert.ok(summary.warnings.some((w) => /temporary file/.test(w)));
  } finally {
    await e.close();
  }
});

test('a corrupt manifest is reported and every page regenerated in place, none treated as hand-written', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const first = await runDocs(e.options, e.services);
    await fs.writeFile(path.join(e.outputDir, '.docsmith/manifest.json'), '{"pages": {"README.md": {');
    const second = await runDocs(e.options, e.services);
    assert.ok(second.warnings.some((w) => /manifest could not be used \(corrupt\)/.test(w)));
    assert.deepEqual(second.pages.notOwned, []);
    assert.equal(second.pages.written.length, first.pages.written.length);
    assert.equal((await readManifest(e.outputDir)).problem, undefined);
  } finally {
    await e.close();
  }
});

test('an empty workspace makes no request and says why', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const empty = path.join(e.fixture.root, '..', 'empty');
    await fs.mkdir(path.join(empty, 'src'), { recursive: true });
    await fs.writeFile(path.join(empty, '.env'), 'SECRET=1\n');
    const summary = await runDocs({ ...e.options, root: empty }, e.services);
    assert.equal(e.fake.chatRequests.length, 0);
    assert.equal(summary.pages.planned, 0);
    assert.ok(summary.warnings.some((w) => /No files to document/.test(w)));
  } finally {
    await e.close();
  }
});

test('the parts of a large file are asked for side by side, then assembled into one page', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const chat = e.services.chat;
    let inFlight = 0;
    let peak = 0;
    e.services.chat = async (request) => {
      const isPart = request.messages.some((m) => m.content.includes(`of the file \`${e.fixture.largeFile}\``));
      if (isPart) peak = Math.max(peak, ++inFlight);
      try {
        return await chat(request);
      } finally {
        if (isPart) inFlight--;
      }
    };
    e.fake.script = () => ({ kind: 'stream', tokenDelayMs: 3 });
    // Room for both parts beside the batches of small files, which the scheduler starts first (their answers are longer).
    const summary = await runDocs({ ...e.options, concurrency: 8 }, e.services);
    assert.equal(summary.ok, true);
    assert.equal(peak, 2, 'both parts in flight at once');
    const page = await fs.readFile(path.join(e.outputDir, `${e.fixture.largeFile}.md`), 'utf8');
    const parts = [...page.matchAll(/^## Lines (\d+)-(\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.equal(parts.length, 2);
    assert.equal(parts[0][0], 1);
    assert.equal(parts[1][0], parts[0][1] + 1);
    assert.equal(summary.pages.written.filter((p) => p.includes('\0')).length, 0);
    const entry = (await readManifest(e.outputDir)).manifest.pages[`${e.fixture.largeFile}.md`];
    assert.equal(entry.requests, 2);
  } finally {
    await e.close();
  }
});

test('past answers of the model bound the estimate: a run told what earlier pages took estimates a lower worst case', async () => {
  const e = await setUpDocRun('ts-sample', { maxOutputTokens: 4096 });
  try {
    const seen: RunEstimate[] = [];
    e.services.spendCap = { maxCostUsd: 0, pricing: { prompt: 0.5e-6, completion: 1.5e-6 } };
    e.services.confirm = (estimate) => {
      seen.push(estimate);
      return false;
    };
    await runDocs(e.options, e.services);
    const stats = { samples: 10, averageOutputTokens: 300, maxOutputTokens: 500 };
    e.services.pastOutput = { file: stats, folder: stats, architecture: stats, overview: stats };
    await runDocs(e.options, e.services);
    const [without, withHistory] = seen.map((s) => s.details as CostEstimate);
    // Every request, and every page of a batch asked again alone after a cut answer, at the bound.
    const answers = without.outputTokensHigh / 4096;
    assert.ok(Number.isInteger(answers) && answers > without.requests, `no history: every answer may take max_tokens (${without.outputTokensHigh} for ${without.requests} requests)`);
    assert.equal(withHistory.outputTokensHigh, 600 * answers, 'history: twice the average answer, at least the largest seen');
    assert.ok(seen[1].costHighUsd! < seen[0].costHighUsd!);
    assert.equal(e.fake.chatRequests.length, 0);
  } finally {
    await e.close();
  }
});
