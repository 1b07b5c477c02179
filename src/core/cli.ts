/**
 * Headless entry point: `node dist/cli.js generate <folder> --provider <p> --model <id> [--json] …`,
 * `node dist/cli.js guide <folder> --topic "<question>" …`, which writes one cited guide, and
 * `node dist/cli.js check <folder> [--json]`, which lists stale and missing pages without a request.
 * The same `runDocs` and guide writer as the extension; keys and base URLs come from the environment. Progress goes
 * to stderr, the summary (or `--json`) to stdout; exit code 0 only when every page is written or
 * unchanged. Keys are never printed: every message passes through the redactor.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCliArgs, USAGE, UsageError, type CheckArgs, type GenerateArgs, type ModelRunArgs } from './cliArgs';
import { checkReport, checkReportJson, formatCheckReport } from './docs/checkReport';
import { LiveDocsState } from './docs/liveDocsState';
import { runDocs } from './docs/docRun';
import { RunLockedError } from './docs/runLock';
import { createParser, type SourceParser } from './docs/parse/sourceParser';
import { fileLevel, type ParseFn } from './docs/sourceIndex';
import { createProvider } from './providers/providerFactory';
import { baseUrlOf, isHttpProviderId, PROVIDERS, type HttpProviderId } from './providers/providerInfo';
import { describeResolution, resolveProvider, type ProviderFacts } from './providerResolution';
import type { ProviderContext, ProviderId } from './providers/types';
import type { Logger } from './logger';
import { CostLedger } from './cost/costLedger';
import { chooseModel, runOptions, runServices } from './docs/runSetup';
import { guide, guideTopic, type CliRun } from './guide/guideCli';
import { redactSecrets } from './redact';
import { createGuideRefresher } from './guide/guideRefresh';
import { requireGuideTools } from './guide/guideToolCheck';
import { formatHumanSummary, toJsonSummary } from './docs/runReport';
import { userCacheFolder } from './userCacheFolder';
import { escapeControlCharacters, escapeControlCharactersPerLine, terminalSafeJson } from './printableText';
import { ResponseCache } from './cache/responseCache';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Cancelled on SIGINT. */
  signal?: AbortSignal;
}

/** Runs the CLI and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`docsmith: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'check') return check(args, io);
  const facts: ProviderFacts = { hasKey: (p) => envKey(p, io.env) !== undefined, keySource: 'environment', vscodeLmModels: [] };
  const resolution = resolveProvider(args.provider, args.model ?? '', facts);
  // Outside VS Code nothing but an HTTP provider can be chosen (no VS Code models are offered).
  const provider = isHttpProviderId(resolution.provider) ? resolution.provider : 'openrouter';
  if (args.provider === 'auto') io.stderr(`Provider: ${describeResolution(resolution, 'environment')}\n`);
  const keyVar = PROVIDERS[provider].key.envVar;
  const key = (keyVar && io.env[keyVar]?.trim()) || undefined;
  const secrets = key ? [key] : [];
  // Messages name repository files: their control characters are printed escaped, never raw.
  const say = (text: string): void => io.stderr(redactSecrets(escapeControlCharactersPerLine(text), secrets));
  try {
    const topic = args.command === 'guide' ? await guideTopic(args, say) : undefined;
    if (args.command === 'guide' && topic === undefined) return 2;
    const run = await setUpRun(args, provider, key, io, say);
    if (typeof run === 'number') return run;
    return args.command === 'guide' ? await guide(args, topic!, run, io, say, secrets) : await generate(args, run, io, say, secrets);
  } catch (error) {
    if (error instanceof RunLockedError) {
      say(`docsmith: ${error.message}\n`);
      return 1;
    }
    say(`docsmith: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function envKey(provider: ProviderId, env: NodeJS.ProcessEnv): string | undefined {
  const name = PROVIDERS[provider].key.envVar;
  return (name && env[name]?.trim()) || undefined;
}

/**
 * What `generate` and `guide` set up the same way, around the shared run setup: the folder checked,
 * the provider with its key and base URL from the environment, the model chosen (`chooseModel`),
 * this run's cost ledger and the parser; or the exit code after saying what is wrong.
 */
async function setUpRun(args: ModelRunArgs, provider: HttpProviderId, key: string | undefined, io: CliIo, say: (t: string) => void): Promise<CliRun | number> {
  const root = path.resolve(args.folder);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    say(`docsmith: ${args.folder} is not a folder.\n`);
    return 2;
  }
  if (!key && PROVIDERS[provider].key.required) {
    say(`docsmith: No API key for ${PROVIDERS[provider].displayName}. Set ${PROVIDERS[provider].key.envVar}.\n`);
    return 1;
  }
  const log: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => say(`docsmith: ${String(m)}\n`),
    error: (m) => say(`docsmith: ${m instanceof Error ? m.message : m}\n`),
  };
  const ctx: ProviderContext = {
    // Only this provider's key, and only for this provider: a key never goes to another host.
    getApiKey: async (p) => (p === provider ? key : undefined),
    baseUrl: baseUrlOf(provider, io.env[PROVIDERS[provider].baseUrlEnvVar ?? '']),
    log,
  };
  const llm = createProvider(provider, ctx);
  const choice = await chooseModel({ provider, model: args.model, structured: args.structured }, { llm, listModels: () => llm.listModels(io.signal), log });
  const { model } = choice;
  const ledger = args.trackCost
    ? new CostLedger({
        // The model that served each request, chosen or fallback, as the provider's catalog prices it.
        pricingFor: (p, m) => (p !== provider ? undefined : m === model ? choice.priced?.pricing : choice.pricesOf?.(m)?.pricing),
        lookupGeneration: provider === 'openrouter' ? (id, signal) => createProvider('openrouter', ctx).getGeneration(id, signal) : undefined,
        log,
      })
    : undefined;
  const services = runServices(choice, {
    parse: lazyParser(say),
    ledger,
    maxCostUsd: args.maxCost,
    responseCache: args.responseCache ? { cache: new ResponseCache({ dir: path.join(userCacheFolder(io.env), 'responses') }), scope: ctx.baseUrl } : undefined,
    log,
  });
  return { root, choice, services, settled: async () => ledger?.whenSettled() };
}

async function generate(args: GenerateArgs, run: CliRun, io: CliIo, say: (t: string) => void, secrets: string[]): Promise<number> {
  const { choice } = run;
  // Guides whose sources changed are written again inside this run (its lock, cap and ledger).
  const guides = createGuideRefresher(
    { outputDirectory: args.output, provider: choice.provider, model: choice.model, maxOutputTokens: args.maxOutputTokens, temperature: args.temperature, concurrency: args.concurrency, structuredOutput: choice.structured },
    { ...run.services, requireTools: () => requireGuideTools(choice) },
  );
  const services = { ...run.services, guides };
  let lastLine = '';
  const summary = await runDocs(
    runOptions(choice, {
      root: run.root,
      outputDirectory: args.output,
      // Given on the command line, an output folder outside the workspace is the user's choice.
      allowOutputOutsideWorkspace: true,
      parseCacheDirectory: path.join(userCacheFolder(io.env), 'parse'),
      concurrency: args.concurrency,
      maxFileSizeKB: args.maxFileSizeKB,
      maxOutputTokens: args.maxOutputTokens,
      temperature: args.temperature,
      fallbackModels: args.fallbackModels,
      exclude: args.exclude,
      include: args.include,
    }),
    services,
    {
      signal: io.signal,
      onProgress: (p) => {
        const line =
          p.phase === 'generate'
            ? `[${p.pagesDone}/${p.pagesTotal}] ${escapeControlCharacters(p.page ?? '')}`
            : p.phase === 'done'
              ? ''
              : `${p.phase === 'scan' ? 'Scanning' : p.phase === 'parse' ? 'Parsing' : `Planning ${p.pagesTotal} page(s)`}…`;
        if (line && line !== lastLine) say(`${line}\n`);
        lastLine = line;
      },
    },
  );
  await run.settled();
  if (args.json) io.stdout(`${redactSecrets(terminalSafeJson(JSON.stringify(toJsonSummary(summary), null, 2)), secrets)}\n`);
  else io.stdout(redactSecrets(formatHumanSummary(summary), secrets));
  if (summary.cancelled) return 130;
  return summary.ok ? 0 : 1;
}

/**
 * The parser (tree-sitter and its grammars), started when the first file needs parsing, so a
 * rerun that finds every file in the parse cache never pays for it.
 */
function lazyParser(say: (t: string) => void): ParseFn {
  let parser: Promise<SourceParser | undefined> | undefined;
  const startParser = (): Promise<SourceParser | undefined> =>
    (parser ??= createParser().catch((error: unknown) => {
      say(`docsmith: the parser could not start (${error instanceof Error ? error.message : String(error)}); files are documented without symbol outlines.\n`);
      return undefined;
    }));
  return async (p, language, text, files) => {
    const ready = await startParser();
    return ready ? ready.parseFile(p, language, text, files) : fileLevel(p, language, 0);
  };
}

/** `check <folder>`: the pages a run would regenerate, without any model request; 1 when there are any. */
async function check(args: CheckArgs, io: CliIo): Promise<number> {
  const say = (text: string): void => io.stderr(text);
  const root = path.resolve(args.folder);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    say(`docsmith: ${args.folder} is not a folder.\n`);
    return 2;
  }
  const state = await LiveDocsState.load(
    { root, outputDirectory: args.output, exclude: args.exclude, include: args.include, maxFileSizeKB: args.maxFileSizeKB, parseCacheDirectory: path.join(userCacheFolder(io.env), 'parse') },
    { parse: lazyParser(say) },
    io.signal,
    true,
  );
  const outputShown = path.isAbsolute(args.output) ? args.output : path.join(args.folder, args.output);
  const report = checkReport(state.statuses(), outputShown.split(path.sep).join('/'), state.hasDocs);
  io.stdout(args.json ? `${JSON.stringify(checkReportJson(report), null, 2)}\n` : formatCheckReport(report, args.folder));
  return report.upToDate ? 0 : 1;
}

/** Process entry: wires SIGINT to cancellation (a second Ctrl+C exits at once). */
function main(): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('docsmith: cancelling — finishing the pages in flight (Ctrl+C again to quit now)…\n');
    controller.abort();
  });
  runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`docsmith: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
