/**
 * Several pages documented in one request. Small files: one prompt that shows each file once
 * (line-numbered) under its own `=== FILE` line, and an answer with one page per file. On a project
 * of small files, the rules and instructions every request repeats weigh as much as the files
 * themselves; sharing them between a handful of files, and listing each imported file's exports
 * once per request, is most of what is saved. Sibling folders: their overview pages in one
 * request the same way, each folder's contents under its own `=== FOLDER` line.
 */
import type { ChatMessage } from '../providers/types';
import { EmptyReplyError, parsePageReply, type PageReply } from './modelReply';
import { wholePartOfJson } from './cutAnswer';
import { childList, documentationRules, importLine, importsNotInSource, NUMBERED_SOURCE, numberedFileSource, PAGE_SCHEMA, stablePrefixFirst, type ChildSummary, type FilePromptInput, type PromptOptions } from './prompts';

/** Files over this size (redacted source, bytes) get a request of their own. */
export const BATCH_FILE_BYTES = 8 * 1024;
/** Most source one batch carries, bytes. */
export const BATCH_BYTES = 20 * 1024;
/** Most files in one batch, however small their pages: a batch answer lost costs every one of them. */
export const BATCH_FILES = 10;

/** The line that starts a file's section, in the prompt and in the answer. */
const FILE_MARK = '=== FILE ';

/** A batch answers for files or for folders: the word of its section lines and of its JSON field. */
export type BatchKind = 'file' | 'folder';

/** The line that starts a folder's section, in the prompt and in the answer. */
const FOLDER_MARK = '=== FOLDER ';

/**
 * JSON schema of a batch answer (used when the model supports structured output): a list of
 * single-page answers ({@link PAGE_SCHEMA}), each naming the file or folder it documents.
 */
function batchSchema(name: string, kind: BatchKind) {
  return {
    name,
    schema: {
      type: 'object',
      properties: {
        pages: {
          type: 'array',
          items: {
            ...PAGE_SCHEMA.schema,
            properties: {
              [kind]: { type: 'string', description: `The path of the ${kind} this page documents, as given.` },
              ...PAGE_SCHEMA.schema.properties,
            },
            required: [kind, ...PAGE_SCHEMA.schema.required],
          },
        },
      },
      required: ['pages'],
      additionalProperties: false,
    },
  } as const;
}

export const BATCH_SCHEMA = batchSchema('docsmith_pages', 'file');
export const FOLDER_BATCH_SCHEMA = batchSchema('docsmith_folder_pages', 'folder');

/**
 * What a batch asks for and how to answer, in one rule: `task` says what each page covers; each
 * page comes back under its section line (or as a JSON entry naming its path), in the order given.
 */
function batchRule(kind: BatchKind, task: string, options: PromptOptions): string {
  return options.structured
    ? `One page per ${kind} below, in the order given, as JSON: {"pages": [{"${kind}": its path as given, "summary": one or two plain sentences, "markdown": ${task}}]}.`
    : `One page per ${kind} below, in the order given: a line "${kind === 'file' ? FILE_MARK : FOLDER_MARK}" and its path, a line "Summary: " and one or two plain sentences, a blank line, then ${task}.`;
}

/**
 * One request's prompt for the whole files `inputs` (at least two). Each file's section is its
 * `=== FILE` line and its numbered source, nothing else: the source holds its import statements
 * and, from its last numbered line, its length.
 */
export function batchPrompt(inputs: readonly FilePromptInput[], options: PromptOptions): ChatMessage[] {
  const shown = new Set(inputs.map((i) => i.path));
  // Each imported file's exports once per request, when some importer's source does not already
  // name them all; files shown in the batch need no list.
  const exportsOf = new Map<string, string[]>();
  for (const input of inputs) for (const i of importsNotInSource(input.imports, input.text)) if (!shown.has(i.path)) exportsOf.set(i.path, i.exports);
  const shared = [...exportsOf].map(([p, names]) => importLine({ path: p, exports: names }));
  const own = shared.length > 0 ? [`Workspace files they import, with their exports:\n${shared.join('\n')}`] : [];
  // No outline: a small whole file shows every symbol in its numbered source.
  for (const input of inputs) own.push(`${FILE_MARK}${input.path}\n${numberedFileSource(input.text, input.firstLine)}`);
  const rule = batchRule('file', 'its purpose, main parts and how to use it, citing its own lines', options);
  return stablePrefixFirst({ rules: [...documentationRules(true), rule, `In the source, ${NUMBERED_SOURCE}.`].join('\n'), own });
}

export interface FolderBatchInput {
  /** The folder's path, without a final `/`. */
  folder: string;
  children: readonly ChildSummary[];
}

/**
 * One request's prompt for the overview pages of several folders (at least two): the rules and
 * instructions once, then each folder's contents, summarised from their pages, under its own
 * `=== FOLDER` line. Each page is asked for as a single folder prompt would ask for it.
 */
export function folderBatchPrompt(folders: readonly FolderBatchInput[], options: PromptOptions): ChatMessage[] {
  const own = folders.map((f) => `${FOLDER_MARK}${f.folder}/\n${childList(f.children)}`);
  const rule = batchRule('folder', 'its overview: what it is for, how its parts (summarised from their own pages) fit together and where to start reading', options);
  return stablePrefixFirst({ rules: [...documentationRules(false), rule].join('\n'), own });
}

/** What the answer held for one file: its page, or why there is none. */
export type BatchPage = { reply: PageReply } | { error: Error };

/**
 * Splits a batch answer into one page per file. A file the answer has no usable page for gets an
 * error (the caller asks for that file alone); so does a page claimed twice. An answer `cutOff` at
 * the output limit gives only the pages that arrived whole: in JSON, the page objects that closed
 * before the cut; in sections, every section another one follows (the last one is where the cut
 * fell, whatever it looks like).
 */
export function parseBatchReply(raw: string, paths: readonly string[], kind: BatchKind = 'file', cutOff = false): Map<string, BatchPage> {
  const json = jsonSections(raw, kind, cutOff);
  const sections = json ?? (cutOff ? markedSections(raw, kind).slice(0, -1) : markedSections(raw, kind));
  const cutSection = !json && cutOff ? markedSections(raw, kind).pop()?.file : undefined;
  const out = new Map<string, BatchPage>();
  for (const p of paths) {
    const found = sections.filter((s) => s.file === p);
    if (found.length !== 1) {
      const none = cutOff ? (p === cutSection ? `the answer was cut off at the output limit in the middle of the page for ${p}` : `the answer was cut off at the output limit before the page for ${p}`) : `the answer had no page for ${p}`;
      out.set(p, { error: new Error(found.length === 0 ? none : `the answer had ${found.length} pages for ${p}`) });
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

/** A path as the answer wrote it, without quotes, a trailing `(…)` or a folder's final `/`. */
function cleanPath(text: string): string {
  return text.trim().replace(/^[`'"]+|[`'"]+$/g, '').replace(/\s+\(.*\)$/, '').replace(/^[`'"]+|[`'"]+$/g, '').replace(/(?<=.)\/$/, '');
}

function markedSections(raw: string, kind: BatchKind): Section[] {
  const sections: Section[] = [];
  const marks = [...raw.matchAll(kind === 'file' ? /^[ \t]*(?:#+[ \t]*)?=== ?FILE[ \t]+(.+)$/gm : /^[ \t]*(?:#+[ \t]*)?=== ?FOLDER[ \t]+(.+)$/gm)];
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : raw.length;
    sections.push({ file: cleanPath(m[1]), text: raw.slice(start, end).trim() });
  });
  return sections;
}

function jsonSections(raw: string, kind: BatchKind, cutOff: boolean): Section[] | undefined {
  const first = raw.indexOf('{');
  const last = raw.lastIndexOf('}');
  if (first < 0 || last <= first) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw.slice(first, last + 1));
  } catch {
    // Cut off: the page objects that closed before the cut are whole.
    value = cutOff ? wholePartOfJson(raw.slice(first), 2) : undefined;
    if (value === undefined) return undefined;
  }
  const pages = (value as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return undefined;
  const sections: Section[] = [];
  for (const page of pages as unknown[]) {
    if (typeof page !== 'object' || page === null) continue;
    const { [kind]: file, summary, markdown } = page as Record<string, unknown>;
    if (typeof file !== 'string' || typeof markdown !== 'string') continue;
    sections.push({ file: cleanPath(file), text: JSON.stringify({ summary: typeof summary === 'string' ? summary : '', markdown }) });
  }
  return sections;
}
