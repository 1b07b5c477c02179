import * as vscode from 'vscode';
import { ProviderError, type ChatRequest, type ChatResult, type ErrorReason, type LlmProvider, type ModelInfo } from '../../core/providers/types';
import { DEFAULT_REQUEST_DEADLINE_MS } from '../../core/providers/streamWatchdog';
import { lmToolOptions, readLmStream, toLmMessages } from './vscodeLmTurns';
import { reachedOutputLimit } from '../../core/docs/cutAnswer';

/** Our id for a VS Code chat model: `vendor/family` (`copilot/gpt-4o`), the form `docsmith.model` stores. */
export function vscodeLmModelId(model: Pick<vscode.LanguageModelChat, 'vendor' | 'family'>): string {
  return `${model.vendor}/${model.family}`;
}

function toModelInfo(model: vscode.LanguageModelChat): ModelInfo {
  return {
    id: vscodeLmModelId(model),
    name: model.name,
    vendor: model.vendor,
    contextLength: model.maxInputTokens,
    // Billed by the user's subscription: no per-token price exists, so none is invented.
    pricing: {},
    isFree: false,
    supportedParameters: [],
    description: `${model.name} (${model.id}, version ${model.version})`,
  };
}

async function findModel(id: string): Promise<vscode.LanguageModelChat> {
  const models = await vscode.lm.selectChatModels();
  const wanted = id.trim().toLowerCase();
  const match = models.find((m) => vscodeLmModelId(m).toLowerCase() === wanted || m.id.toLowerCase() === wanted || `${m.vendor}/${m.id}`.toLowerCase() === wanted);
  if (match) return match;
  throw new ProviderError('modelNotFound', `Model ${id} is not available from VS Code`, { provider: 'vscodeLm', model: id });
}

function reasonOf(error: vscode.LanguageModelError): ErrorReason {
  switch (error.code) {
    case vscode.LanguageModelError.NotFound.name:
      return 'modelNotFound';
    case vscode.LanguageModelError.NoPermissions.name:
      return 'unauthorized';
    case vscode.LanguageModelError.Blocked.name:
      return 'rateLimited';
    default:
      return 'badResponse';
  }
}

function toProviderError(error: unknown, model: string, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted || error instanceof vscode.CancellationError) {
    return new ProviderError('cancelled', 'The request was cancelled', { provider: 'vscodeLm', model, cause: error });
  }
  if (error instanceof vscode.LanguageModelError) {
    return new ProviderError(reasonOf(error), error.message, { provider: 'vscodeLm', model, cause: error });
  }
  return new ProviderError('badResponse', error instanceof Error ? error.message : String(error), { provider: 'vscodeLm', model, cause: error });
}

/** The whole request took longer than its deadline; with nothing received, the model does not answer. */
function deadlineError(deadlineMs: number, answered: boolean): ProviderError {
  return new ProviderError('timeout', `The model did not finish the answer within ${Math.round(deadlineMs / 1000)} s`, {
    provider: 'vscodeLm',
    retryable: false,
    serverSilent: !answered,
  });
}

async function countTokens(model: vscode.LanguageModelChat, parts: (string | vscode.LanguageModelChatMessage)[], token: vscode.CancellationToken): Promise<number> {
  let total = 0;
  for (const part of parts) total += await model.countTokens(part, token);
  return total;
}

/**
 * VS Code's own language models (`vscode.lm`) behind the core provider interface: no key, cost
 * included in the user's subscription (the ledger records tokens, source `included`), token counts
 * from the model's `countTokens` (tool call arguments count as output). Tools go out as
 * `LanguageModelChatTool`s and calls come back as `LanguageModelToolCallPart`s (vscodeLmTurns.ts).
 * A request is cancelled at its deadline like an HTTP one.
 */
export function createVscodeLmProvider(deadlineMs = DEFAULT_REQUEST_DEADLINE_MS): LlmProvider {
  return {
    id: 'vscodeLm',
    async chat(request: ChatRequest): Promise<ChatResult> {
      const started = Date.now();
      const cts = new vscode.CancellationTokenSource();
      const onAbort = (): void => cts.cancel();
      request.signal?.addEventListener('abort', onAbort);
      let deadlineHit = false;
      let answered = false;
      const deadline = setTimeout(() => {
        deadlineHit = true;
        cts.cancel();
      }, deadlineMs);
      try {
        if (request.signal?.aborted) cts.cancel();
        const model = await findModel(request.model);
        const messages = toLmMessages(request.messages, vscode);
        const response = await model.sendRequest(
          messages,
          {
            justification: vscode.l10n.t('Docsmith writes documentation for your code with the model you picked.'),
            modelOptions: { temperature: request.temperature, max_tokens: request.maxTokens },
            ...lmToolOptions(request, vscode),
          },
          cts.token,
        );
        let firstTokenAt: number | undefined;
        const onToken = (delta: string): void => {
          firstTokenAt ??= Date.now();
          answered = true;
          request.onToken?.(delta);
        };
        const { text, toolCalls } = await readLmStream(response.stream, vscode, onToken);
        if (deadlineHit) throw deadlineError(deadlineMs, answered || toolCalls !== undefined);
        if (request.signal?.aborted) throw new ProviderError('cancelled', 'The request was cancelled', { provider: 'vscodeLm', model: request.model });
        const promptTokens = await countTokens(model, messages, cts.token).catch(() => 0);
        const written = text + (toolCalls ?? []).map((c) => c.name + c.arguments).join('');
        const completionTokens = written ? await countTokens(model, [written], cts.token).catch(() => 0) : 0;
        return {
          text,
          usage: { promptTokens, completionTokens, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
          servedModel: vscodeLmModelId(model),
          ...(toolCalls ? { toolCalls } : {}),
          // The API gives no finish reason: an answer as long as the limit is taken as cut there.
          finishReason: toolCalls ? 'tool_calls' : reachedOutputLimit(completionTokens, request.maxTokens) ? 'length' : 'stop',
          latencyMs: Date.now() - started,
          ...(firstTokenAt !== undefined ? { ttftMs: firstTokenAt - started } : {}),
        };
      } catch (error) {
        if (deadlineHit && !request.signal?.aborted && !(error instanceof ProviderError)) throw deadlineError(deadlineMs, answered);
        throw toProviderError(error, request.model, request.signal);
      } finally {
        clearTimeout(deadline);
        request.signal?.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },
    async listModels(): Promise<ModelInfo[]> {
      try {
        return (await vscode.lm.selectChatModels()).map(toModelInfo);
      } catch (error) {
        throw toProviderError(error, '');
      }
    },
  };
}
