/**
 * What a file page's prompt is built from: the file's text as read once, redacted, split into
 * lines, with its outline and the exports of the files it imports. A run builds a small file's
 * prompt alone and its part of a batch from the same material.
 */
import { splitLines, type FilePromptInput } from './prompts';
import type { RunContext } from './runContext';
import { readText } from './sourceIndex';
import { redactSource } from './redactSource';
import { exportedNames } from './pageInputs';

export interface FileMaterial {
  base: Omit<FilePromptInput, 'text' | 'firstLine'>;
  redacted: string;
  all: string[];
  whole: boolean;
}

/** Each file's material, by run: a small file's prompt alone and its part of a batch come from one read and one redaction. */
const materials = new WeakMap<RunContext, Map<string, Promise<FileMaterial>>>();

/** What a file's prompt is made of; `whole` when it fits one prompt. Read and redacted once per run. */
export function fileMaterial(ctx: RunContext, file: string): Promise<FileMaterial> {
  let byFile = materials.get(ctx);
  if (!byFile) materials.set(ctx, (byFile = new Map()));
  let material = byFile.get(file);
  if (!material) {
    material = readFileMaterial(ctx, file);
    byFile.set(file, material);
    material.catch(() => byFile.delete(file));
  }
  return material;
}

async function readFileMaterial(ctx: RunContext, file: string): Promise<FileMaterial> {
  const parsed = ctx.index.parsed.get(file)!;
  let text = ctx.index.texts.get(file);
  if (text === undefined) {
    text = await readText(ctx.root, file);
    ctx.index.texts.set(file, text);
  }
  const redacted = redactSource(text, file);
  const all = splitLines(redacted);
  const lineCount = ctx.index.lineCounts.get(file) ?? all.length;
  const imports = (ctx.plan.graph.imports.get(file) ?? []).map((p) => ({ path: p, exports: exportedNames(ctx.index.parsed.get(p)) }));
  const scanned = ctx.scanned.get(file);
  const base = { path: file, language: parsed.language || scanned?.language || 'text', lineCount, symbols: parsed.symbols, imports };
  return { base, redacted, all, whole: Buffer.byteLength(redacted, 'utf8') <= ctx.maxFileBytes && !scanned?.large };
}
