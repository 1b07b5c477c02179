/**
 * The naive baseline `runDocs` is compared with, over the same fake server and the same
 * provider client: one request at a time, whole files in every prompt, no incremental state.
 * It documents the same pages `runDocs` plans — one per file, one per folder, ARCHITECTURE.md
 * and README.md — the way simple doc generators do: a file page gets the whole file, a folder
 * page the whole files directly in it, the architecture and overview pages the list of all
 * paths and the whole files at the root. Every run starts over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../src/core/docs/scan';
import { createProvider } from '../src/core/providers/providerFactory';
import type { ChatMessage } from '../src/core/providers/types';
import type { Logger } from '../src/core/logger';
import { BENCH_MODEL, type TimedRequest } from './timedDocRun';
import { nowMs } from './timing';
import { promptKey } from './fakeServerProcess';

const NAIVE_OUTPUT = 'docs/naive';
const quietLog: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface NaiveRunResult {
  wallMs: number;
  requests: TimedRequest[];
}

function parentOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

function fenced(file: string, text: string): string {
  return `File ${file}:\n\`\`\`\n${text}\n\`\`\``;
}

export async function runNaive(root: string, baseUrl: string): Promise<NaiveRunResult> {
  const provider = createProvider('openrouter', { baseUrl, getApiKey: () => Promise.resolve('sk-or-v1-bench'), log: quietLog });
  const start = nowMs();
  const scan = await scanWorkspace({ root, outputDirectory: 'docs' });
  const texts = new Map(scan.files.map((f) => [f.path, readFileSync(path.join(root, f.path), 'utf8')]));
  const folders = new Set<string>();
  for (const f of scan.files) for (let d = parentOf(f.path); d !== ''; d = parentOf(d)) folders.add(d);
  const allPaths = scan.files.map((f) => f.path).join('\n');
  const rootFiles = scan.files.filter((f) => parentOf(f.path) === '').map((f) => fenced(f.path, texts.get(f.path)!));

  const prompts: Array<{ page: string; content: string }> = [];
  for (const f of scan.files) prompts.push({ page: `${f.path}.md`, content: `Write Markdown documentation for ${f.path}.\n\n${fenced(f.path, texts.get(f.path)!)}` });
  for (const d of [...folders].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))) {
    const inFolder = scan.files.filter((f) => parentOf(f.path) === d).map((f) => fenced(f.path, texts.get(f.path)!));
    prompts.push({ page: `${d}/README.md`, content: `Write a README for the folder ${d}/.\n\n${inFolder.join('\n\n')}` });
  }
  prompts.push({ page: 'ARCHITECTURE.md', content: `Describe the architecture of this project.\n\nFiles:\n${allPaths}\n\n${rootFiles.join('\n\n')}` });
  prompts.push({ page: 'README.md', content: `Write an overview README of this project.\n\nFiles:\n${allPaths}\n\n${rootFiles.join('\n\n')}` });

  const requests: TimedRequest[] = [];
  const outDir = path.join(root, NAIVE_OUTPUT);
  rmSync(outDir, { recursive: true, force: true });
  for (const prompt of prompts) {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You write documentation for source code.' },
      { role: 'user', content: prompt.content },
    ];
    const timed: TimedRequest = { startMs: nowMs(), endMs: 0, promptText: messages.map((m) => m.content).join('\n'), files: [], ok: false, promptKey: promptKey(prompt.content) };
    requests.push(timed);
    const result = await provider.chat({ model: BENCH_MODEL, messages, maxTokens: 4096, temperature: 0.1 });
    timed.endMs = nowMs();
    timed.ok = true;
    const target = path.join(outDir, prompt.page);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, result.text);
  }
  const wallMs = nowMs() - start;
  rmSync(outDir, { recursive: true, force: true });
  return { wallMs, requests };
}
