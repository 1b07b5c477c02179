/**
 * Guides inside a documentation run: a guide whose read sources changed (or are gone) is stale,
 * and Generate Docs writes it again for the same topic, with the run's lock, manifest, writer and
 * model caller — so the run's spend cap, ledger and cancellation cover it like any page.
 */
import { ProviderError, type ChatRequest, type ChatResult, type ProviderId } from '../providers/types';
import type { PhaseOutputStats } from '../cost/costEstimate';
import type { SpendCap } from '../docs/modelCalls';
import type { ParseFn } from '../docs/sourceIndex';
import type { RunEstimate } from '../docs/runEstimate';
import type { GuideRefresher } from '../docs/guideIndex';
import { GuideWorkspace } from './guideWorkspace';
import { DEFAULT_GUIDE_TOKEN_BUDGET, DEFAULT_MAX_TOOL_ROUNDS, produceGuide } from './guideWriter';
import { estimateGuide } from './guideEstimate';
import { staleGuides } from './guideStore';

/** The run settings a guide is written with (those of the documentation run). */
export interface GuideRefreshSettings {
  outputDirectory: string;
  provider: ProviderId;
  model: string;
  maxOutputTokens: number;
  temperature: number;
  concurrency: number;
  structuredOutput?: boolean;
  neverSend?: string[];
  /** `docsmith.guide.maxToolRounds`. */
  maxToolRounds?: number;
  tokenBudget?: number;
}

export interface GuideRefreshServices {
  chat: (request: ChatRequest) => Promise<ChatResult>;
  parse?: ParseFn;
  spendCap?: SpendCap;
  pastOutput?: Record<string, PhaseOutputStats>;
  now?: () => Date;
  /** Throws when the model cannot call tools: every stale guide then fails at once, with no request. */
  requireTools?: () => void;
}

export function createGuideRefresher(settings: GuideRefreshSettings, services: GuideRefreshServices): GuideRefresher {
  return {
    stale: (manifest, scan, writer) => staleGuides(manifest, new Map(scan.files.map((f) => [f.path, f.hash])), writer),

    async estimate(estimate: RunEstimate, count: number): Promise<RunEstimate> {
      if (count === 0) return estimate;
      const one = await estimateGuide({
        provider: settings.provider,
        model: settings.model,
        maxToolRounds: settings.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS,
        tokenBudget: settings.tokenBudget ?? DEFAULT_GUIDE_TOKEN_BUDGET,
        maxOutputTokens: settings.maxOutputTokens,
        pricing: services.spendCap?.pricing,
        isFree: services.spendCap?.isFree,
        pastOutput: services.pastOutput,
      });
      const add = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a + count * b);
      return {
        ...estimate,
        requests: estimate.requests + count * one.requests,
        promptTokens: estimate.promptTokens + count * one.promptTokens,
        outputTokens: estimate.outputTokens + count * one.outputTokens,
        costUsd: add(estimate.costUsd, one.costUsd),
        costHighUsd: add(estimate.costHighUsd ?? estimate.costUsd, one.costHighUsd),
      };
    },

    async refresh(guides, run) {
      try {
        services.requireTools?.();
      } catch (error) {
        const reason = error instanceof ProviderError ? error.reason : 'toolsUnsupported';
        return guides.map((g) => ({ pagePath: g.pagePath, status: 'failed' as const, error: { reason, message: error instanceof Error ? error.message : String(error) } }));
      }
      const workspace = new GuideWorkspace(run.root, run.scan, settings.neverSend);
      const out = [];
      for (const guide of guides) {
        if (run.signal?.aborted) break;
        const result = await produceGuide(
          { ...settings, root: run.root, topic: guide.topic },
          { chat: services.chat, parse: services.parse, now: services.now },
          { signal: run.signal },
          { workspace, manifest: run.manifest, writer: run.writer, caller: run.caller },
          { started: Date.now(), save: true, checkFresh: false, pagePath: guide.pagePath },
        );
        out.push({ pagePath: guide.pagePath, status: result.status, error: result.error });
        if (result.status === 'stoppedByCap' || result.status === 'cancelled') break;
      }
      return out;
    },
  };
}
