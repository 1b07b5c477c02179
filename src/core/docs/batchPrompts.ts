/**
 * Several small files documented in one request: one prompt that shows each file once
 * (line-numbered) under its own `=== FILE` line, and an answer with one page per file. On a project
 * of small files, the rules and instructions every request repeats weigh as much as the files
 * themselves; sharing them between a handful of files, and listing each imported file's exports
 * once per request, is most of what is saved.
 */
import type { ChatMessage } from '../providers/types';
import { EmptyReplyError, parsePageReply, type PageReply } from './modelReply';
import { documentationRules, importLine, NUMBERED_SOURCE, numberedFileSource, PAGE_SCHEMA, stablePrefixFirst, type FilePromptInput, type PromptOptions } from './prompts';

/** Files over this size (redacted source, bytes) get a request of their own. */
export const BATCH_FILE_BYTES = 6 * 1024;
/** Most source one batch carries, bytes. */
export const BATCH_BYTES = 16 * 1024;
/** Most files in one batch: each adds a page to the answer, which must fit the output limit. */
export const BATCH_FILES = 6;

/** The line that starts a file's section, in the prompt and in the answer. */
const FILE_MARK = '=== FILE ';

/**
 * JSON schema of a batch answer (used when the model supports structured output): a list of
 * single-page answers ({@link PAGE_SCHEMA}), each naming the file it documents.
 */
export const BATCH_SCHEMA = {
  name: 'docsmith_pages',
  schema: {
    type: 'object',
    properties: {
      pages: {
        type: 'array',
        items: {
          ...PAGE_SCHEMA.schema,
          properties: {
            file: { type: 'string', description: 'The path of the file this page documents, as given.' },
            ...PAGE_SCHEMA.schema.properties,
          },
          required: ['file', ...PAGE_SCHEMA.schema.required],
        },
      },
    },
    required: ['pages'],
    additionalProperties: false,
  },
} as const;

function answerRule(options: PromptOptions): string {
  return options.structured
    ? 'Answer with JSON: {"pages": [{"file": its path as given, "summary": one or two plain sentences, "markdown": the page body}]}, one page per file, in the order given.'
    : `One page per file, in the order given: a line "${FILE_MARK}" and its path, a line "Summary: " and one or two plain sentences, a blank line, the page body.`;
}

/**
 * One request's prompt for the whole files `inputs` (at least two). Each file's section is its
 * `=== FILE` line and its numbered source, nothing else: the source holds its import statements
 * and, from its last numbered line, its length.
 */
export function batchPrompt(inputs: readonly FilePromptInput[], options: PromptOptions): ChatMessage[] {
  const shown = new Set(inputs.map((i) => i.path));
  // Each imported file's exports once per request; files shown in the batch need no list.
  const exportsOf = new Map<string, string[]>();
  for (const input of inputs) for (const i of input.imports) if (!shown.has(i.path)) exportsOf.set(i.path, i.exports);
  const intro = `Document each file below on its own page: its purpose, main parts and how to use it, citing its own lines. In the source ${NUMBERED_SOURCE}.`;
  // A file without exports the parser could find is left out: its importers' source names it.
  const shared = [...exportsOf].filter(([, names]) => names.length > 0).map(([p, names]) => importLine({ path: p, exports: names }));
  const own = [intro, ...(shared.length > 0 ? [`Workspace files they import, with their exports:\n${shared.join('\n')}`] : [])];
  // No outline: a small whole file shows every symbol in its numbered source.
  for (const input of inputs) own.push(`${FILE_MARK}${input.path}\n${numberedFileSource(input.text, input.firstLine)}`);
  return stablePrefixFirst({ rules: [...documentationRules(true), answerRule(options)].join('\n'), own });
}

/** What the answer held for one file: its page, or why there is none. */
export type BatchPage = { reply: PageReply } | { error: Error };

/**
 * Splits a batch answer into one page per file. A file the answer has no usable page for gets an
 * error (the caller asks for that file alone); so does a page claimed twice.
 */
export function parseBatchReply(raw: string, paths: readonly string[]): Map<string, BatchPage> {
  const sections = jsonSections(raw) ?? markedSections(raw);
  const out = new Map<string, BatchPage>();
  for (const p of paths) {
    const found = sections.filter((s) => s.file === p);
    if (found.length !== 1) {
      out.set(p, { error: new Error(found.length === 0 ? `the answer had no page for ${p}` : `the answer had ${found.length} pages for ${p}`) });
      continue;
    }
    try {
      out.set(p, { reply: parsePageReply(found[0].text) });
    } catch (error) {
      out.set(p, { error: error instanceof Error ? error : new EmptyReplyError() });
    }
  }
  return out;
}

interface Section {
  file: string;
  /** The page as a single answer would read (`Summary:` line or JSON, then Markdown). */
  text: string;
}

function cleanPath(text: string): string {
  return text.trim().replace(/^[`'"]+|[`'"]+$/g, '').replace(/\s+\(.*\)$/, '').replace(/^[`'"]+|[`'"]+$/g, '');
}

function markedSections(raw: string): Section[] {
  const sections: Section[] = [];
  const marks = [...raw.matchAll(/^[ \t]*(?:#+[ \t]*)?=== ?FILE[ \t]+(.+)$/gm)];
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : raw.length;
    sections.push({ file: cleanPath(m[1]), text: raw.slice(start, end).trim() });
  });
  return sections;
}

function jsonSections(raw: string): Section[] | undefined {
  const first = raw.indexOf('{');
  const last = raw.lastIndexOf('}');
  if (first < 0 || last <= first) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw.slice(first, last + 1));
  } catch {
    return undefined;
  }
  const pages = (value as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return undefined;
  const sections: Section[] = [];
  for (const page of pages as unknown[]) {
    if (typeof page !== 'object' || page === null) continue;
    const { file, summary, markdown } = page as Record<string, unknown>;
    if (typeof file !== 'string' || typeof markdown !== 'string') continue;
    sections.push({ file: cleanPath(file), text: JSON.stringify({ summary: typeof summary === 'string' ? summary : '', markdown }) });
  }
  return sections;
}
