/**
 * `node dist/cli.js guide <folder> (--topic "…" | --prompt <file>) …`: writes one guide with the
 * same writer as the editor. Progress (the phase and every tool call) goes to stderr; `--json`
 * (or `--eval-json`) prints the eval shape on stdout, otherwise a short summary. Exit codes as
 * `generate`: 0 written or unchanged, 1 failed / stopped at the cost cap / not saved, 130 cancelled.
 */
import { promises as fs } from 'node:fs';
import type { GuideArgs } from '../cliArgs';
import type { DocRunServices } from '../docs/runScope';
import type { ModelChoice } from '../docs/runSetup';
import { redactSecrets } from '../redact';
import { terminalSafeJson } from '../printableText';
import { writeGuide, type GuideProgress, type GuideResult } from './guideWriter';
import { requireGuideTools } from './guideToolCheck';
import type { GuidePhase, PhaseCost } from './guidePhases';

/** A CLI run as set up for `generate` and `guide`: the folder, the chosen model and the run's services. */
export interface CliRun {
  root: string;
  choice: ModelChoice;
  services: DocRunServices;
  /** Resolves when the ledger has every late-arriving cost (OpenRouter's generation lookups). */
  settled(): Promise<void>;
}

/** Where `guide` writes: stdout and the cancellation signal. */
export interface GuideOut {
  stdout: (text: string) => void;
  signal?: AbortSignal;
}

export interface GuideJson {
  report: string;
  output_file: string | null;
  citations: { total: number; valid: number; invalid: number; repaired: number; removed: number };
  cost: {
    /** Null when some request's cost is unknown. */
    total_cost_usd: number | null;
    total_tokens: number;
    provider: string;
    model: string;
    phases: Record<GuidePhase, { requests: number; tokens: number; cost_usd: number | null }>;
  };
  tool_calls: { total: number; rejected: number; by_tool: Record<string, number> };
  sources: { path: string; start_line: number; end_line: number }[];
  requests: number;
  duration_ms: number;
  status: string;
  error: { reason: string; message: string } | null;
}

function phaseJson(p: PhaseCost): { requests: number; tokens: number; cost_usd: number | null } {
  return { requests: p.requests, tokens: p.tokens, cost_usd: p.costUsd ?? null };
}

/** The eval JSON of a guide; `report` is the guide as saved (or the existing one when unchanged). */
export function toGuideJson(r: GuideResult, report: string): GuideJson {
  const saved = r.status === 'written' || r.status === 'unchanged';
  return {
    report,
    output_file: saved ? r.absolutePath : null,
    citations: { ...r.citations },
    cost: {
      total_cost_usd: r.costUsd ?? null,
      total_tokens: r.tokens.total,
      provider: r.provider,
      model: r.model,
      phases: { exploration: phaseJson(r.phases.exploration), outline: phaseJson(r.phases.outline), sections: phaseJson(r.phases.sections) },
    },
    tool_calls: { total: r.toolCalls.total, rejected: r.toolCalls.rejected, by_tool: { ...r.toolCalls.byTool } },
    sources: r.sources.map((s) => ({ path: s.path, start_line: s.startLine, end_line: s.endLine })),
    requests: r.requests,
    duration_ms: r.durationMs,
    status: r.status,
    error: r.error ?? null,
  };
}

/** One stderr line per phase change and per tool call. */
export function progressLine(p: GuideProgress): string | undefined {
  switch (p.phase) {
    case 'scan':
      return 'Scanning…';
    case 'exploration':
      if (p.toolCall) return `  ${p.toolCall.isError ? '✗' : '→'} ${p.toolCall.label}${p.toolCall.isError ? ' (refused)' : ''}`;
      return `Exploring: round ${p.round}/${p.maxRounds}`;
    case 'outline':
      return 'Outlining…';
    case 'sections':
      return `Writing sections: ${p.sectionsDone}/${p.sectionsTotal}`;
    case 'answer':
      return 'Answering…';
    case 'saving':
      return 'Saving…';
    default:
      return undefined;
  }
}

function usd(v: number | undefined): string {
  return v === undefined ? 'unknown' : v < 1 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

function humanSummary(r: GuideResult): string {
  const lines: string[] = [];
  const where = r.absolutePath;
  if (r.status === 'unchanged') lines.push(`Up to date: ${where} (nothing it read has changed; no request made; --force writes it again)`);
  else if (r.status === 'written') lines.push(`Written: ${where}`);
  else lines.push(`Not written (${r.status}${r.error ? `: ${r.error.message}` : ''}${r.notes.length ? `; ${r.notes.join(' ')}` : ''})`);
  if (r.status !== 'unchanged') {
    lines.push(`Exploration: ${r.rounds} round(s), ${r.toolCalls.total} tool call(s) (${r.toolCalls.rejected} refused), ${r.sources.length} range(s) read${r.stoppedBy === 'budget' ? ', stopped at the token budget' : r.stoppedBy === 'rounds' ? ', stopped at the round limit' : ''}`);
    lines.push(`Citations: ${r.citations.total} written by the model, ${r.citations.valid} valid, ${r.citations.repaired} repaired, ${r.citations.removed} removed`);
    const phase = (name: GuidePhase): string => `${name} ${r.phases[name].requests} req / ${r.phases[name].tokens} tok / ${usd(r.phases[name].costUsd)}`;
    lines.push(`Cost: ${usd(r.costUsd)} for ${r.requests} request(s) (${phase('exploration')}; ${phase('outline')}; ${phase('sections')})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The question, from `--topic` or the `--prompt` file; undefined (exit code 2) after saying what is wrong with the file. */
export async function guideTopic(args: GuideArgs, say: (t: string) => void): Promise<string | undefined> {
  if (args.topic !== undefined) return args.topic;
  let topic: string;
  try {
    topic = (await fs.readFile(args.promptFile!, 'utf8')).trim();
  } catch (error) {
    say(`docsmith: cannot read the prompt file ${args.promptFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n`);
    return undefined;
  }
  if (!topic) say(`docsmith: the prompt file ${args.promptFile} is empty.\n`);
  return topic || undefined;
}

export async function guide(args: GuideArgs, topic: string, run: CliRun, io: GuideOut, say: (t: string) => void, secrets: string[]): Promise<number> {
  const { choice, services } = run;
  let last = '';
  const result = await writeGuide(
    {
      root: run.root,
      outputDirectory: args.output,
      topic,
      provider: choice.provider,
      model: choice.model,
      maxOutputTokens: args.maxOutputTokens,
      temperature: args.temperature,
      concurrency: args.concurrency,
      maxToolRounds: args.maxToolRounds,
      exclude: args.exclude,
      maxFileSizeKB: args.maxFileSizeKB,
      structuredOutput: choice.structured,
      force: args.force,
    },
    { ...services, requireTools: () => requireGuideTools(choice) },
    {
      signal: io.signal,
      onProgress: (p) => {
        // Tool-call lines are printed each time; a phase line only when the phase or round changes.
        const line = progressLine(p);
        if (!line) return;
        if (p.phase === 'exploration' && p.toolCall) say(`${line}\n`);
        else if (line !== last) {
          say(`${line}\n`);
          last = line;
        }
      },
    },
  );
  await run.settled();
  if (args.json) {
    const report = result.status === 'unchanged' ? await fs.readFile(result.absolutePath, 'utf8').catch(() => '') : (result.markdown ?? '');
    io.stdout(`${redactSecrets(terminalSafeJson(JSON.stringify(toGuideJson(result, report), null, 2)), secrets)}\n`);
  } else io.stdout(redactSecrets(humanSummary(result), secrets));
  if (result.status === 'cancelled') return 130;
  return result.status === 'written' || result.status === 'unchanged' ? 0 : 1;
}
