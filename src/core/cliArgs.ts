/** Command-line arguments of `node dist/cli.js generate|guide|check …`, parsed without dependencies. */
import { HTTP_PROVIDER_IDS, isHttpProviderId, PROVIDERS, type HttpProviderId } from './providers/providerInfo';
import { AUTO_KEYED_ORDER } from './providerResolution';

/** Options every model-calling command takes. */
export interface ModelRunArgs {
  folder: string;
  /** `auto`: the first provider with a key in the environment, or the one the model names. */
  provider: HttpProviderId | 'auto';
  /** Undefined: the provider's default model. */
  model?: string;
  json: boolean;
  trackCost: boolean;
  concurrency: number;
  /** USD; 0 = no cap. */
  maxCost: number;
  output: string;
  maxFileSizeKB: number;
  maxOutputTokens: number;
  temperature: number;
  exclude: string[];
  /** Files that are not code to document anyway (`docsmith.include`). */
  include: string[];
  /** Force (true) or forbid (false) JSON-schema output; undefined: ask the model catalog. */
  structured?: boolean;
  /** `--fallback-models a/b,c/d`: tried in order when the model is unavailable or keeps failing. */
  fallbackModels: string[];
  /** False with `--no-cache`: every request is sent, none answered from the response cache. */
  responseCache: boolean;
}

export interface GenerateArgs extends ModelRunArgs {
  command: 'generate';
}

export interface GuideArgs extends ModelRunArgs {
  command: 'guide';
  /** The question, from `--topic` or read from `--prompt <file>` (the caller reads the file). */
  topic?: string;
  promptFile?: string;
  force: boolean;
  maxToolRounds: number;
}

export interface CheckArgs {
  command: 'check';
  folder: string;
  json: boolean;
  output: string;
  maxFileSizeKB: number;
  exclude: string[];
  /** As `generate --include`: the same files must be given for the same pages to be expected. */
  include: string[];
}

export type CliArgs = GenerateArgs | GuideArgs | CheckArgs | { command: 'help' };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The environment variables of every HTTP provider, as a comma-separated list. */
function envVars(of: (id: HttpProviderId) => string | undefined): string {
  return HTTP_PROVIDER_IDS.map(of).filter((v): v is string => v !== undefined).join(', ');
}

export const USAGE = `Usage: docsmith generate <folder> [options]
       docsmith guide <folder> (--topic "<question>" | --prompt <file>) [options]
       docsmith check <folder> [--json] [--output <dir>] [--exclude <glob>] [--include <glob>] [--max-file-size-kb <n>]

generate writes Markdown documentation for <folder> with the model you choose.
guide answers a question about <folder> with a cited guide in <output>/guides/<slug>.md: the
model explores the code with read-only tools, outlines, then writes section by section.
check lists the pages that are stale or missing, without any model request; exit code 1 when
there are any (a CI gate for "the docs are up to date").

Options:
  --provider <id>          auto | ${HTTP_PROVIDER_IDS.join(' | ')} (default auto: the first of
                           ${AUTO_KEYED_ORDER.map((id) => PROVIDERS[id].displayName).join(', ')} with a key in the environment;
                           a model id naming a vendor goes to OpenRouter when it has a key, else to the vendor)
  --model <id>             model id (default: the provider's default model)
  --output <dir>           output folder, relative to <folder> or absolute (default docs/generated)
  --json                   print a JSON summary on stdout (progress goes to stderr)
  --no-track-cost          do not look costs up or price requests; report what the provider says
  --concurrency <n>        parallel requests (default 4)
  --max-cost <usd>         stop before a request could take the run over this (default 1, 0 = no cap)
  --max-file-size-kb <n>   larger files are documented in parts (default 256)
  --max-output-tokens <n>  sent as max_tokens (default 4096)
  --temperature <t>        default 0.1
  --exclude <glob>         extra exclude glob, repeatable
  --include <glob>         document files that are not code (prose, manifests, data) matching it, repeatable
  --fallback-models <ids>  comma-separated models tried in order when the model is unavailable or keeps
                           failing (OpenRouter falls back itself through its models list); never for key or credit errors
  --no-cache               send every request; do not answer identical ones from the response cache
                           (kept in the user's cache folder)
  --structured | --no-structured   force or forbid JSON-schema answers (default: per the model catalog)

guide only:
  --topic "<question>"     the question the guide answers
  --prompt <file>          read the question from a file instead
  --force                  write the guide again even when nothing it read has changed
  --max-tool-rounds <n>    rounds of tool calls while exploring (default 12)
  --eval-json              the same as --json

Keys come from ${envVars((id) => (PROVIDERS[id].key.required ? PROVIDERS[id].key.envVar : `${PROVIDERS[id].key.envVar} (optional)`))};
base URLs from ${envVars((id) => PROVIDERS[id].baseUrlEnvVar)}.
Exit code 0 when every page is written or unchanged, 1 otherwise, 2 for a usage error.`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === 'check') return parseCheckArgs(argv.slice(1));
  if (argv[0] !== 'generate' && argv[0] !== 'guide') throw new UsageError(`Unknown command "${argv[0]}". Try: docsmith generate <folder> --provider openrouter --model <id>, docsmith guide <folder> --topic "<question>", or docsmith check <folder>`);
  const common: ModelRunArgs = {
    folder: '',
    provider: 'auto',
    json: false,
    trackCost: true,
    concurrency: 4,
    maxCost: 1,
    output: 'docs/generated',
    maxFileSizeKB: 256,
    maxOutputTokens: 4096,
    temperature: 0.1,
    exclude: [],
    include: [],
    fallbackModels: [],
    responseCache: true,
  };
  const args: GenerateArgs | GuideArgs = argv[0] === 'guide' ? { ...common, command: 'guide', force: false, maxToolRounds: 12 } : { ...common, command: 'generate' };
  eachArgument(argv.slice(1), (flag, value) => {
    switch (flag) {
      case '--provider': {
        const p = value();
        if (p !== 'auto' && !isHttpProviderId(p)) throw new UsageError(`Unknown provider "${p}". Use auto, ${HTTP_PROVIDER_IDS.join(', ')}.`);
        args.provider = p;
        break;
      }
      case '--model':
        args.model = value();
        break;
      case '--output':
        args.output = value();
        break;
      case '--json':
        args.json = true;
        break;
      case '--no-track-cost':
        args.trackCost = false;
        break;
      case '--structured':
        args.structured = true;
        break;
      case '--no-structured':
        args.structured = false;
        break;
      case '--concurrency':
        args.concurrency = positiveInt(flag, value());
        break;
      case '--max-cost':
        args.maxCost = nonNegative(flag, value());
        break;
      case '--max-file-size-kb':
        args.maxFileSizeKB = positiveInt(flag, value());
        break;
      case '--max-output-tokens':
        args.maxOutputTokens = positiveInt(flag, value());
        break;
      case '--temperature':
        args.temperature = nonNegative(flag, value());
        break;
      case '--exclude':
        args.exclude.push(value());
        break;
      case '--include':
        args.include.push(value());
        break;
      case '--topic':
      case '--prompt':
      case '--force':
      case '--max-tool-rounds':
      case '--eval-json':
        if (args.command !== 'guide') throw new UsageError(`${flag} is an option of docsmith guide.`);
        if (flag === '--topic') args.topic = value();
        else if (flag === '--prompt') args.promptFile = value();
        else if (flag === '--force') args.force = true;
        else if (flag === '--eval-json') args.json = true;
        else args.maxToolRounds = positiveInt(flag, value());
        break;
      case '--no-cache':
        args.responseCache = false;
        break;
      case '--fallback-models':
        args.fallbackModels.push(...value().split(',').map((m) => m.trim()).filter(Boolean));
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
        if (args.folder) throw new UsageError(`Only one folder, please (got "${args.folder}" and "${flag}").`);
        args.folder = flag;
    }
  });
  if (!args.folder) throw new UsageError(`Which folder? docsmith ${args.command} <folder> …`);
  if (args.command === 'guide') {
    if (args.topic === undefined && args.promptFile === undefined) throw new UsageError('What question? docsmith guide <folder> --topic "How does a request reach the router?" (or --prompt <file>)');
    if (args.topic !== undefined && args.promptFile !== undefined) throw new UsageError('Give the question with --topic or --prompt, not both.');
    if (args.topic !== undefined && args.topic.trim() === '') throw new UsageError('--topic needs a question.');
  }
  return args;
}

/** Calls `handle` for each argument; `value()` takes the flag's value (`--x=v`, or the next argument). */
function eachArgument(rest: readonly string[], handle: (flag: string, value: () => string) => void): void {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    handle(flag, () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value.`);
      return v;
    });
  }
}

function parseCheckArgs(rest: readonly string[]): CheckArgs {
  const args: CheckArgs = { command: 'check', folder: '', json: false, output: 'docs/generated', maxFileSizeKB: 256, exclude: [], include: [] };
  eachArgument(rest, (flag, value) => {
    if (flag === '--json') args.json = true;
    else if (flag === '--output') args.output = value();
    else if (flag === '--exclude') args.exclude.push(value());
    else if (flag === '--include') args.include.push(value());
    else if (flag === '--max-file-size-kb') args.maxFileSizeKB = positiveInt(flag, value());
    else if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag} for check (it takes --json, --output, --exclude, --include, --max-file-size-kb).`);
    else if (args.folder) throw new UsageError(`Only one folder, please (got "${args.folder}" and "${flag}").`);
    else args.folder = flag;
  });
  if (!args.folder) throw new UsageError('Which folder? docsmith check <folder>');
  return args;
}

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not "${v}".`);
  return n;
}

function nonNegative(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} takes a number of 0 or more, not "${v}".`);
  return n;
}
