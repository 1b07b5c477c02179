/**
 * The read-only tools a guide's agent explores the workspace with: `list_files`, `search`,
 * `read_file`, `outline`, `read_page`. Nothing here writes, executes or reaches the network.
 *
 * Every call is answered, never thrown: a bad call (unknown tool, arguments that are not JSON or
 * miss a field, a path outside the workspace, a secret or binary file, an invalid or runaway
 * pattern) gets a tool error the model reads, and the run goes on. Every answer is bounded in size
 * and passes through the secret masking of file prompts once more before it leaves, whatever the
 * tool. What a result says is data from the repository, never an instruction: no text in a file can
 * widen what these tools may open.
 */
import type { ToolCall, ToolSpec } from '../providers/types';
import type { ParseFn } from '../docs/sourceIndex';
import type { ManifestStore } from '../docs/manifest';
import { numberLines, symbolOutline } from '../docs/prompts';
import { redactSource } from '../docs/redactSource';
import { filePagePath, folderPagePath } from '../docs/pagePaths';
import { GuideWorkspace, ToolError } from './guideWorkspace';
import { PatternError, searchFiles, type SearchFile } from './regexSearch';
import type { ReadLog, SourceRange } from './readLog';

/** Most lines one `read_file` returns. */
export const MAX_READ_LINES = 300;
/** Most characters any one tool answer holds. */
export const MAX_RESULT_CHARS = 24_000;
const MAX_LISTED = 200;
const DEFAULT_HITS = 40;
const MAX_HITS = 100;
const HIT_CHARS = 200;
const REGEX_DEADLINE_MS = 2_000;

export const TOOL_NAMES = ['list_files', 'search', 'read_file', 'outline', 'read_page'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const pathProp = (what: string): Record<string, unknown> => ({ type: 'string', description: `${what}, relative to the workspace root (e.g. "src/server.ts")` });

export const GUIDE_TOOLS: readonly ToolSpec[] = [
  {
    name: 'list_files',
    description: 'List the files (with size and line count when known) and sub-folders of a workspace folder. Ignored, excluded, secret and binary files are never listed.',
    parameters: { type: 'object', properties: { path: { ...pathProp('Folder'), description: 'Folder relative to the workspace root; "" or "." for the root' } }, additionalProperties: false },
  },
  {
    name: 'search',
    description: `Search the text of the workspace's files, line by line. Returns at most ${MAX_HITS} hits as path:line: text.`,
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Text to find (or a JavaScript regular expression when regex is true)' },
        regex: { type: 'boolean', description: 'Treat query as a regular expression (default false)' },
        ignore_case: { type: 'boolean', description: 'Match case-insensitively (default false)' },
        path: { ...pathProp('Folder to search in'), description: 'Folder to search in, relative to the workspace root (default: everywhere)' },
        max_results: { type: 'integer', minimum: 1, maximum: MAX_HITS, description: `Most hits to return (default ${DEFAULT_HITS})` },
      },
      required: ['query'],
      additionalProperties: false,
    },
  },
  {
    name: 'read_file',
    description: `Read lines of a text file, each prefixed by its line number and "|" (cite them as [path:START-END]). At most ${MAX_READ_LINES} lines per call.`,
    parameters: {
      type: 'object',
      properties: {
        path: pathProp('File'),
        start_line: { type: 'integer', minimum: 1, description: 'First line (default 1)' },
        end_line: { type: 'integer', minimum: 1, description: `Last line (default start_line + ${MAX_READ_LINES - 1})` },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'outline',
    description: "The symbols of a source file found by the parser (functions, classes, methods, …) with their line spans. Cheap: use it before reading a large file.",
    parameters: { type: 'object', properties: { path: pathProp('File') }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'read_page',
    description: 'The summary of the documentation page Docsmith already generated for a file or folder ("" for the project overview), when there is one.',
    parameters: { type: 'object', properties: { path: pathProp('File or folder') }, required: ['path'], additionalProperties: false },
  },
];

export interface ToolAnswer {
  content: string;
  isError: boolean;
  /** `read_file` only: the lines it returned. */
  read?: SourceRange;
}

export interface GuideToolboxOptions {
  workspace: GuideWorkspace;
  reads: ReadLog;
  /** The tree-sitter parser, for `outline`; without it `outline` says so. */
  parse?: ParseFn;
  /** The documentation run's manifest, for `read_page`. */
  manifest?: ManifestStore;
}

type Args = Record<string, unknown>;

export class GuideToolbox {
  constructor(private readonly options: GuideToolboxOptions) {}

  /** Runs one call and answers it; never throws except for cancellation. */
  async run(call: ToolCall, signal?: AbortSignal): Promise<ToolAnswer> {
    try {
      if (!(TOOL_NAMES as readonly string[]).includes(call.name)) {
        throw new ToolError(`There is no tool "${call.name}". The tools are: ${TOOL_NAMES.join(', ')}.`);
      }
      const args = parseArguments(call);
      const answer = await this.dispatch(call.name as ToolName, args, signal);
      return { ...answer, content: bounded(redactSource(answer.content)) };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof ToolError || error instanceof PatternError) return { content: `Error: ${redactSource(error.message)}`, isError: true };
      return { content: `Error: the tool failed (${error instanceof Error ? error.message : String(error)}).`, isError: true };
    }
  }

  private dispatch(name: ToolName, args: Args, signal?: AbortSignal): Promise<ToolAnswer> | ToolAnswer {
    switch (name) {
      case 'list_files':
        return this.listFiles(args);
      case 'search':
        return this.search(args, signal);
      case 'read_file':
        return this.readFile(args);
      case 'outline':
        return this.outline(args);
      case 'read_page':
        return this.readPage(args);
    }
  }

  private listFiles(args: Args): ToolAnswer {
    const ws = this.options.workspace;
    const folder = ws.resolveFolder(args.path);
    const prefix = folder === '' ? '' : `${folder}/`;
    const subfolders = new Map<string, number>();
    const files: string[] = [];
    for (const [p, f] of ws.files) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash >= 0) subfolders.set(rest.slice(0, slash), (subfolders.get(rest.slice(0, slash)) ?? 0) + 1);
      else files.push(`${rest} (${formatSize(f.size)})`);
    }
    const entries = [...[...subfolders].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => `${name}/ (${n} file${n === 1 ? '' : 's'})`), ...files.sort()];
    const shown = entries.slice(0, MAX_LISTED);
    const more = entries.length > shown.length ? `\n… and ${entries.length - shown.length} more entries (list a sub-folder to see them)` : '';
    return { content: `${folder === '' ? 'Workspace root' : `${folder}/`}:\n${shown.join('\n')}${more}`, isError: false };
  }

  private async search(args: Args, signal?: AbortSignal): Promise<ToolAnswer> {
    const query = requireString(args, 'query', 'search', 'the text or pattern to find');
    const ws = this.options.workspace;
    const folder = args.path === undefined ? '' : ws.resolveFolder(args.path);
    const maxHits = optionalInt(args, 'max_results', 1) ?? DEFAULT_HITS;
    const prefix = folder === '' ? '' : `${folder}/`;
    const files: SearchFile[] = [];
    for (const p of ws.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      try {
        files.push({ path: p, lines: (await ws.read(p)).lines });
      } catch (error) {
        if (!(error instanceof ToolError)) throw error; // vanished or swapped since the scan: not searched
      }
    }
    const outcome = await searchFiles(files, {
      query,
      regex: optionalBool(args, 'regex') ?? false,
      ignoreCase: optionalBool(args, 'ignore_case') ?? false,
      maxHits: Math.min(MAX_HITS, maxHits),
      deadlineMs: REGEX_DEADLINE_MS,
      signal,
    });
    if (outcome.hits.length === 0) return { content: `No match in ${outcome.filesSearched} file(s).`, isError: false };
    const lines = outcome.hits.map((h) => `${h.path}:${h.line}: ${cut(h.text.trim(), HIT_CHARS)}`);
    const tail = outcome.truncated ? `\n(more matches not shown; narrow the search with path or a more specific query)` : '';
    return { content: `${outcome.hits.length} match(es):\n${lines.join('\n')}${tail}`, isError: false };
  }

  private async readFile(args: Args): Promise<ToolAnswer> {
    const ws = this.options.workspace;
    const p = ws.resolveFile(requireString(args, 'path', 'read_file', 'the file to read'));
    const text = await ws.read(p);
    const total = text.lines.length;
    const start = optionalInt(args, 'start_line', 1) ?? 1;
    const askedEnd = optionalInt(args, 'end_line', 1);
    if (total === 0) return { content: `${p} is empty.`, isError: false };
    if (start > total) throw new ToolError(`${p} has ${total} lines; start_line ${start} is past the end.`);
    if (askedEnd !== undefined && askedEnd < start) throw new ToolError(`end_line (${askedEnd}) is before start_line (${start}).`);
    const wanted = Math.min(total, askedEnd ?? start + MAX_READ_LINES - 1);
    let end = Math.min(wanted, start + MAX_READ_LINES - 1);
    // Keep the answer within MAX_RESULT_CHARS, whole lines only.
    let chars = 0;
    for (let l = start; l <= end; l++) {
      chars += text.lines[l - 1].length + String(l).length + 2;
      if (chars > MAX_RESULT_CHARS - 400 && l > start) {
        end = l - 1;
        break;
      }
    }
    const lines = text.lines.slice(start - 1, end).map((l) => cut(l, MAX_RESULT_CHARS - 800));
    const head = `${p} (${total} lines), lines ${start}-${end}:`;
    const note = end < wanted ? `\n[cut: showing lines ${start}-${end} of the ${wanted - start + 1} asked for; call read_file again with start_line ${end + 1} for more]` : '';
    this.options.reads.add(p, { startLine: start, endLine: end }, text.hash, total);
    return { content: `${head}\n${numberLines(lines.join('\n'), start)}${note}`, isError: false, read: { path: p, startLine: start, endLine: end } };
  }

  private async outline(args: Args): Promise<ToolAnswer> {
    const ws = this.options.workspace;
    const p = ws.resolveFile(requireString(args, 'path', 'outline', 'the file to outline'));
    const text = await ws.read(p);
    const language = ws.files.get(p)?.language ?? 'text';
    if (!this.options.parse) return { content: `${p} (${language}, ${text.lines.length} lines): no parser is available; use read_file.`, isError: false };
    const parsed = await this.options.parse(p, language, text.lines.join('\n'), new Set(ws.files.keys()));
    const outline = symbolOutline(parsed.symbols, 300);
    return { content: `${p} (${language}, ${text.lines.length} lines)${outline ? `:\n${outline}` : ': the parser found no symbols (read the file instead).'}`, isError: false };
  }

  private readPage(args: Args): ToolAnswer {
    const ws = this.options.workspace;
    const raw = requireString(args, 'path', 'read_page', 'a file or folder ("" for the overview)', true);
    const manifest = this.options.manifest;
    const isFile = raw.trim() !== '' && raw.trim() !== '.' && ws.files.has(raw.trim().replace(/^\.\//, ''));
    const subject = isFile ? ws.resolveFile(raw) : ws.resolveFolder(raw);
    const candidates = isFile ? [filePagePath(subject), `${subject}.file.md`] : [folderPagePath(subject)];
    const found = candidates.map((c) => [c, manifest?.get(c)] as const).find(([, e]) => e !== undefined);
    if (!found) return { content: `No generated page for "${subject || '.'}" yet. Read the code instead.`, isError: false };
    const [page, entry] = found;
    const stale = isFile && entry!.sources[subject] !== ws.files.get(subject)?.hash;
    return { content: `Page ${page}${stale ? ' (written before the file last changed; may be out of date)' : ''}:\n${entry!.summary || '(no summary)'}`, isError: false };
  }
}

function parseArguments(call: ToolCall): Args {
  let value: unknown;
  try {
    value = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    throw new ToolError(`The arguments of ${call.name} are not valid JSON (${(error as Error).message}). Send one JSON object, e.g. {"path": "src/index.ts"}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ToolError(`The arguments of ${call.name} must be one JSON object.`);
  return value as Args;
}

function requireString(args: Args, key: string, tool: string, what: string, allowEmpty = false): string {
  const v = args[key];
  if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) throw new ToolError(`${tool} needs "${key}": ${what} (a string).`);
  return v;
}

function optionalInt(args: Args, key: string, min: number): number | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw new ToolError(`"${key}" must be a whole number of ${min} or more.`);
  return n;
}

function optionalBool(args: Args, key: string): boolean | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ToolError(`"${key}" must be true or false.`);
  return v;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Bounds any answer; says so when it was cut. */
function bounded(text: string): string {
  if (text.length <= MAX_RESULT_CHARS) return text;
  const at = text.lastIndexOf('\n', MAX_RESULT_CHARS - 100);
  return `${text.slice(0, at > 0 ? at : MAX_RESULT_CHARS - 100)}\n[cut: the answer was longer than ${MAX_RESULT_CHARS} characters]`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
