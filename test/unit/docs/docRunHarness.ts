/**
 * Shared set-up of the docs tests: a sample workspace copied to a temp folder, the fake LLM
 * server with a responder that writes deliberately wrong citations, links and identifiers, the
 * real OpenRouter provider pointed at it, and on-disk checks of the generated docs.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeLlm, type FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import type { FakeAnswer, FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { batchAnswer, batchFiles } from '../../fixtures/fakeLlm/batchAnswers';
import { prepareFixture, type FixtureName, type PreparedFixture } from '../../fixtures/workspaces/prepare';
import { createProvider } from '../../../src/core/providers/providerFactory';
import type { Logger } from '../../../src/core/logger';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import { findCitations } from '../../../src/core/docs/citations';
import { splitLines } from '../../../src/core/docs/prompts';
import { TEMP_SUFFIX } from '../../../src/core/atomicFile';
import { createTestParser } from './parse/parseTestSupport';

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export const TEST_KEY = 'sk-or-v1-docstestkey0000000000000000';

/** A model that gets things wrong on purpose, so the validator has work to do. */
export function wrongCitationResponder(request: FakeChatRequest): FakeAnswer {
  const user = request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
  const batch = batchFiles(user);
  if (batch.length > 0) return { text: batchAnswer(request, batch, (f) => wrongCitationPage(f.asSingleRequest)) };
  const { summary, markdown } = wrongCitationPage(user);
  const text = request.jsonSchema ? JSON.stringify({ summary, markdown }) : `Summary: ${summary}\n\n${markdown}`;
  return { text };
}

function wrongCitationPage(user: string): { summary: string; markdown: string } {
  const file = /^Document (?:lines (\d+)-(\d+) of )?the file `([^`]+)` \([^,]*, (\d+) lines\)/m.exec(user);
  let summary: string;
  let markdown: string;
  if (file) {
    const p = file[3];
    const lineCount = Number(file[4]);
    const first = file[1] ? Number(file[1]) : 1;
    const last = file[2] ? Number(file[2]) : lineCount;
    const symbol = /^\s*- \w+ (\w+)/m.exec(user.split('Symbols found by the parser:')[1] ?? '')?.[1];
    summary = `Handles ${path.posix.basename(p)} [${p}:${first}-${first}].`;
    markdown = [
      '# A heading the docs run drops',
      '',
      '## Purpose',
      '',
      `The file starts here [${p}:${first}-${Math.min(first + 1, last)}] and ends here [${p}:${last}-${last + 400}].`,
      `This span is made up [${p}:${lineCount + 50}-${lineCount + 60}], this file does not exist [src/doesNotExist.ts:1-3],`,
      `and this one escapes [../../etc/passwd:1-1]. Short path [${path.posix.basename(p)}:${first}-${first}].`,
      '',
      `It uses \`NoSuchThing\`${symbol ? ` and \`${symbol}\`` : ''}. <script>alert("x")</script> See [broken](nope.md) and [home](https://example.com).`,
    ].join('\n');
  } else {
    const what = /^Write the (overview page of the folder `[^`]+`|architecture page|introduction of the README)/m.exec(user)?.[1] ?? 'page';
    summary = `Summary of the ${what.replace(/`/g, '')}.`;
    markdown = `## About\n\nThis is the ${what}. It cites a missing file [src/ghost.ts:1-2] and \`GhostSymbol\`.`;
  }
  return { summary, markdown };
}

export interface DocRunFixture {
  fixture: PreparedFixture;
  fake: FakeLlmServer;
  services: DocRunServices;
  options: DocRunOptions;
  outputDir: string;
  close(): Promise<void>;
}

export async function setUpDocRun(name: FixtureName, overrides: Partial<DocRunOptions> = {}): Promise<DocRunFixture> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `docsmith-docs-${name}-`));
  const fixture = await prepareFixture(name, path.join(dir, 'ws'));
  const fake = await startFakeLlm({ responder: wrongCitationResponder });
  const provider = createProvider('openrouter', { getApiKey: async () => TEST_KEY, baseUrl: fake.openRouterBaseUrl, log: silentLogger });
  const parser = await createTestParser();
  const services: DocRunServices = {
    chat: (r) => provider.chat(r),
    parse: parser,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    log: silentLogger,
  };
  const options: DocRunOptions = {
    root: fixture.root,
    outputDirectory: 'docs/generated',
    // Outside the workspace, as the editor's workspace storage is.
    parseCacheDirectory: path.join(dir, 'parse-cache'),
    provider: 'openrouter',
    model: 'openai/gpt-4o-mini',
    concurrency: 4,
    maxFileSizeKB: 256,
    // The default output limit: batches are sized by their expected answer within it, as in a real run.
    maxOutputTokens: 4096,
    temperature: 0.1,
    ...overrides,
  };
  return {
    fixture,
    fake,
    services,
    options,
    outputDir: path.join(fixture.root, 'docs', 'generated'),
    close: async () => {
      await fake.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, relative with `/`; none when `dir` does not exist (a run that wrote nothing). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  if (!(await fs.stat(dir).catch(() => undefined))) return out;
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) await walk(abs);
      else out.push(path.relative(dir, abs).split(path.sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Every path under `dir` — folders with a trailing `/`, symlinks as `-> target` (never followed),
 * files as the sha256 of their bytes — to compare a tree before and after a run.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      if (e.isDirectory()) {
        out[`${rel}/`] = '';
        await walk(abs);
      } else if (e.isSymbolicLink()) out[rel] = `-> ${await fs.readlink(abs)}`;
      else out[rel] = createHash('sha256').update(await fs.readFile(abs)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

export async function tempFilesIn(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((f) => f.endsWith(TEMP_SUFFIX));
}

/**
 * Checks every citation of every page against the real workspace: the link target must be the
 * cited file (resolved from the page's folder) and the span inside the file.
 */
export async function citationValidityOnDisk(root: string, outputDir: string): Promise<{ total: number; invalid: string[] }> {
  const invalid: string[] = [];
  let total = 0;
  for (const page of (await listFiles(outputDir)).filter((f) => f.endsWith('.md'))) {
    const text = await fs.readFile(path.join(outputDir, page), 'utf8');
    for (const m of text.matchAll(CITATION_FORMS)) {
      total++;
      const [, written, s, e = s, link, ls, le = ls] = m;
      // The path is link text: Markdown punctuation in it is backslash-escaped, control characters written `\n`, `\u001b`.
      const cited = written.replace(/\\(?:([!-/:-@[-`{-~])|([nrt])|u([0-9a-f]{4}))/g, (_m, p?: string, c?: string, h?: string) =>
        p ?? (c ? ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] : String.fromCharCode(parseInt(h!, 16))),
      );
      const target = path.resolve(outputDir, path.dirname(page), decodeURIComponent(link));
      const expected = path.resolve(root, cited);
      const sameForm = (m[3] === undefined) === (m[6] === undefined) && (m[3] === undefined || s !== e);
      let ok = target === expected && s === ls && e === le && sameForm && !cited.split('/').includes('..');
      if (ok) {
        try {
          const lines = splitLines(await fs.readFile(expected, 'utf8')).length;
          ok = Number(s) >= 1 && Number(e) >= Number(s) && Number(e) <= lines;
        } catch {
          ok = false;
        }
      }
      if (!ok) invalid.push(`${page}: ${m[0]}`);
    }
    if (findCitations(text).length !== [...text.matchAll(CITATION_FORMS)].length) {
      invalid.push(`${page}: a citation not in the one citation form`);
    }
  }
  return { total, invalid };
}

/** `[path:12-30](link#L12-L30)` or, for one line, `[path:16](link#L16)`. */
const CITATION_FORMS = /\[((?:\\.|[^\]\s\\])+):(\d+)(?:-(\d+))?\]\(([^)#]+)#L(\d+)(?:-L(\d+))?\)/g;

/** Relative `.md` links of a page, resolved to output-relative paths. */
export function markdownLinks(pagePath: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s#]+\.md)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/i.test(m[1])) continue;
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(pagePath), decodeURIComponent(m[1]))));
  }
  return out;
}
