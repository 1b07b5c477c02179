/**
 * A minimal tool loop for wire tests: three read-only tools over an in-memory workspace, run
 * against any provider until the model answers with text. Bad calls (unknown tool, arguments that
 * are not JSON, a missing file) get an error result the model sees, as a real loop would answer.
 */
import type { ChatMessage, ChatRequest, ChatResult, LlmProvider, ToolSpec } from '../../../src/core/providers/types';
import { chatRequest } from './providerTestContext';

export const WORKSPACE: Readonly<Record<string, string>> = {
  'README.md': '# Shop\n\nA tiny shop.\n',
  'src/router.ts': Array.from({ length: 30 }, (_, i) => (i === 11 ? 'export function route(path: string) { return handlers[path]; }' : `// router line ${i + 1}`)).join('\n'),
  'src/handlers.ts': Array.from({ length: 12 }, (_, i) => `export const h${i + 1} = ${i + 1};`).join('\n'),
};

export const TOOLS: ToolSpec[] = [
  {
    name: 'list_files',
    description: 'List the files and folders of a workspace folder.',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'search',
    description: 'Search the workspace for a literal string; answers path:line: text per hit.',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'], additionalProperties: false },
  },
  {
    name: 'read_file',
    description: 'Read lines of a file, numbered.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, start_line: { type: 'integer', minimum: 1 }, end_line: { type: 'integer', minimum: 1 } },
      required: ['path', 'start_line', 'end_line'],
      additionalProperties: false,
    },
  },
];

/** A question that needs exploring, with {@link TOOLS} offered: the request of the tool-calling wire tests. */
export function toolRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return chatRequest({
    messages: [
      { role: 'system', content: 'Explore.' },
      { role: 'user', content: 'How does a request reach the router?' },
    ],
    maxTokens: 300,
    temperature: 0,
    tools: TOOLS,
    ...overrides,
  });
}

/** Runs one call; `{ error }` for a call the model got wrong. */
export function runTool(name: string, argumentsText: string): { content: string; isError: boolean } {
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(argumentsText) as Record<string, unknown>;
  } catch {
    return { content: `Error: the arguments of ${name} are not JSON`, isError: true };
  }
  const files = Object.keys(WORKSPACE);
  switch (name) {
    case 'list_files': {
      const base = String(args.path ?? '.').replace(/^\.\/?/, '');
      const entries = new Set(files.filter((f) => base === '' || f.startsWith(`${base}/`)).map((f) => f.slice(base === '' ? 0 : base.length + 1).replace(/\/.*$/, '/')));
      return { content: [...entries].sort().join('\n'), isError: false };
    }
    case 'search': {
      const query = String(args.query ?? '');
      const hits = files.flatMap((f) => WORKSPACE[f].split('\n').flatMap((line, i) => (line.includes(query) ? [`${f}:${i + 1}: ${line}`] : [])));
      return { content: hits.length > 0 ? hits.join('\n') : 'No hits.', isError: false };
    }
    case 'read_file': {
      const text = WORKSPACE[String(args.path)];
      if (text === undefined) return { content: `Error: no file ${String(args.path)}`, isError: true };
      const lines = text.split('\n');
      const start = Math.max(1, Number(args.start_line));
      const end = Math.min(lines.length, Number(args.end_line));
      return { content: lines.slice(start - 1, end).map((l, i) => `${start + i}|${l}`).join('\n'), isError: false };
    }
    default:
      return { content: `Error: there is no tool ${name}`, isError: true };
  }
}

export interface LoopOutcome {
  answer: ChatResult;
  rounds: ChatResult[];
  messages: ChatMessage[];
}

/** Asks `question` with the tools until the model answers (at most `maxRounds` tool rounds). */
export async function runToolLoop(provider: LlmProvider, model: string, question: string, maxRounds = 6): Promise<LoopOutcome> {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You answer questions about a codebase. Cite what you read as [path:START-END].' },
    { role: 'user', content: question },
  ];
  const rounds: ChatResult[] = [];
  for (let round = 0; round <= maxRounds; round++) {
    const result = await provider.chat({ model, messages: [...messages], maxTokens: 800, temperature: 0, tools: round < maxRounds ? TOOLS : undefined });
    if (!result.toolCalls) return { answer: result, rounds, messages };
    rounds.push(result);
    messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
    for (const call of result.toolCalls) messages.push({ role: 'tool', toolCallId: call.id, name: call.name, ...runTool(call.name, call.arguments) });
  }
  throw new Error('the loop did not end');
}
