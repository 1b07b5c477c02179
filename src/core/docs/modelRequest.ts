/**
 * One HTTP request of a model call, as the provider sees it: the request built from the run's
 * settings, an answer read no further than {@link MAX_STREAMED_CHARS}, and a server that stops
 * answering noticed once, so the run's later requests are not sent to it.
 */
import { ProviderError, type ChatMessage, type ChatRequest, type ChatResult, type ProviderId, type RequestPurpose } from '../providers/types';

export interface CallRequest {
  messages: ChatMessage[];
  jsonSchema?: ChatRequest['jsonSchema'];
  /** Tools the model may call (a guide's exploration); the answer's calls come back in `result.toolCalls`. */
  tools?: ChatRequest['tools'];
  toolChoice?: ChatRequest['toolChoice'];
  purpose: RequestPurpose;
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
  /**
   * Whether the flow can use the answer; one it cannot (it describes none of what was asked) is
   * not kept in the response cache, so asking again gets a new answer rather than the same one.
   */
  accept?: (result: ChatResult) => boolean;
}

/** Requests in a row that get no answer at all before the run stops sending to that server. */
export const SILENT_ATTEMPTS_TO_STOP = 2;

/** Longest answer read from a stream, in characters (the page keeps at most `MAX_REPLY_CHARS` of it). */
export const MAX_STREAMED_CHARS = 1_000_000;

/** The settings every request of a run is sent with. */
export interface RequestSettings {
  provider: ProviderId;
  /** The chosen model, named in the errors of requests never sent. */
  model: string;
  chat: (request: ChatRequest) => Promise<ChatResult>;
  maxTokens: number;
  temperature: number;
  /** `docsmith.fallbackModels`; OpenRouter gets them as its `models` list. */
  fallbackModels?: readonly string[];
}

/** Sends the requests of one run and remembers whether its server still answers. */
export class RequestSender {
  /** Requests in a row the server did not answer at all (see `send`). */
  private silentInARow = 0;
  /** Set once the server is taken not to answer: from then on no request of this run is sent. */
  private silence: ProviderError | undefined;

  /** `onSend` is told of every request that goes out. */
  constructor(
    private readonly settings: RequestSettings,
    private readonly onSend: () => void,
  ) {}

  /**
   * One HTTP request of a call. A server that takes requests and answers nothing (no headers or no
   * byte before the timeout, or only keep-alives until the deadline) is a server that does not
   * answer once this happens twice in a row with no answer to any request of the run in between
   * (once could be a slow moment; retries cover that). Then that request fails as `noAnswer`, not
   * retried, and every later request of the run fails the same way without being sent, instead of
   * each waiting out its own timeouts and retries.
   */
  async send(req: CallRequest, purpose: RequestPurpose, model: string): Promise<ChatResult> {
    const { provider } = this.settings;
    if (this.silence) {
      throw new ProviderError('noAnswer', `${provider} does not answer: earlier requests of this run got no answer, so this one was not sent`, {
        provider,
        model: this.settings.model,
        retryable: false,
        notSent: true,
        cause: this.silence,
      });
    }
    this.onSend();
    try {
      const result = await this.chatBounded(req, purpose, model);
      this.silentInARow = 0;
      return result;
    } catch (error) {
      if (!(error instanceof ProviderError) || req.signal?.aborted) throw error;
      if (error.reason !== 'timeout' || error.details.serverSilent !== true) {
        // The server said something (a status, part of an answer): it is there.
        if (error.details.status !== undefined || error.details.partial !== undefined) this.silentInARow = 0;
        throw error;
      }
      if (++this.silentInARow < SILENT_ATTEMPTS_TO_STOP) throw error;
      this.silence ??= error;
      // Same details (a billed partial stays with it, recorded once), but final.
      const noAnswer = new ProviderError('noAnswer', `${provider} does not answer (${error.message}); the run's other requests to it are not sent`, {
        ...error.details,
        retryable: false,
        cause: error,
      });
      noAnswer.stack = error.stack;
      throw noAnswer;
    }
  }

  /**
   * One request that stops reading once the answer passes {@link MAX_STREAMED_CHARS} (a server
   * ignoring `max_tokens`, a model looping): what arrived is kept as an answer cut for length,
   * so the run neither hangs on an endless stream nor holds megabytes it will not use.
   */
  private async chatBounded(req: CallRequest, purpose: RequestPurpose, model: string): Promise<ChatResult> {
    const { provider, fallbackModels } = this.settings;
    const guard = new AbortController();
    let received = 0;
    try {
      return await this.settings.chat({
        model,
        // OpenRouter falls back itself, server-side, through this list.
        fallbackModels: provider === 'openrouter' && fallbackModels?.length ? fallbackModels.filter((m) => m !== model) : undefined,
        messages: req.messages,
        maxTokens: this.settings.maxTokens,
        temperature: this.settings.temperature,
        jsonSchema: req.jsonSchema,
        tools: req.tools,
        toolChoice: req.toolChoice,
        signal: req.signal ? AbortSignal.any([req.signal, guard.signal]) : guard.signal,
        onToken: (delta) => {
          received += delta.length;
          if (received > MAX_STREAMED_CHARS) guard.abort();
          req.onToken?.(delta);
        },
        purpose,
      });
    } catch (error) {
      const partial = error instanceof ProviderError ? error.details.partial : undefined;
      if (!guard.signal.aborted || req.signal?.aborted || !partial?.text) throw error;
      return {
        text: partial.text,
        usage: partial.usage,
        reportedCostUsd: partial.reportedCostUsd,
        generationId: partial.generationId,
        servedModel: partial.servedModel ?? model,
        finishReason: 'length',
        latencyMs: partial.latencyMs ?? 0,
      };
    }
  }
}
