import { PROVIDERS } from '../../core/providers/providerInfo';
import { ProviderError, type ProviderId } from '../../core/providers/types';

/** `vscode.l10n.t` in the extension; a plain formatter in tests. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}` … like `vscode.l10n.t` does for English. */
export const formatEnglish: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

/** What the user can do about an error: the button label and the command it runs. */
export type ErrorAction = 'setApiKey' | 'selectModel';

export interface ErrorText {
  message: string;
  actions: ErrorAction[];
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;
}

/**
 * The user-facing wording of a provider error, chosen by its reason (never by its message text).
 * `provider` and `model` fill in what the error itself does not carry.
 */
export function providerErrorText(error: unknown, context: { provider: ProviderId; model?: string }, t: Translate = formatEnglish): ErrorText {
  if (!(error instanceof ProviderError)) {
    return { message: t('Docsmith: {0}', error instanceof Error ? error.message : String(error)), actions: [] };
  }
  const provider = error.details.provider ?? context.provider;
  const name = PROVIDERS[provider].displayName;
  const model = error.details.model ?? context.model ?? '';
  switch (error.reason) {
    case 'missingKey':
      return { message: t('No API key for {0}', name), actions: ['setApiKey'] };
    case 'unauthorized':
      return { message: t('{0} rejected the API key', name), actions: ['setApiKey'] };
    case 'insufficientCredits':
      return {
        message: error.details.detail ? t('Not enough {0} credits for this request ({1})', name, error.details.detail) : t('Not enough {0} credits for this request', name),
        actions: [],
      };
    case 'modelNotFound':
      return { message: t('Model `{0}` is not available on {1}', model, name), actions: ['selectModel'] };
    case 'rateLimited':
      return {
        message: error.details.retryAfterMs !== undefined ? t('Rate limited by {0}: try again in {1}', name, seconds(error.details.retryAfterMs)) : t('Rate limited by {0}: try again later', name),
        actions: [],
      };
    case 'quotaExhausted':
      return { message: t('The {0} quota for this key is used up', name), actions: [] };
    case 'timeout':
      return { message: t('{0} did not answer in time', name), actions: [] };
    case 'network':
      return { message: t('Could not reach {0}; check the connection and `docsmith.{1}.baseUrl`', name, provider), actions: [] };
    case 'serverError':
      return { message: t('{0} had a server error; try again shortly', name), actions: [] };
    case 'cancelled':
      return { message: t('Cancelled'), actions: [] };
    // The server's own words when it gave some, not the log line wrapped around them.
    case 'badRequest':
      return { message: t('{0} refused the request: {1}', name, error.details.detail ?? error.message), actions: [] };
    case 'badResponse':
      return { message: t('{0} sent a response Docsmith could not read: {1}', name, error.details.detail ?? error.message), actions: [] };
    case 'toolsUnsupported':
      return {
        message: error.details.suggestedModel
          ? t('Model `{0}` on {1} cannot call tools, which this needs; `{2}` can', model, name, error.details.suggestedModel)
          : t('Model `{0}` on {1} cannot call tools, which this needs; pick a model that can', model, name),
        actions: ['selectModel'],
      };
    case 'noAnswer':
      return {
        message:
          provider === 'vscodeLm'
            ? t('{0} does not answer; the rest of this run was not sent', name)
            : t('{0} does not answer; the rest of this run was not sent. Check that the server is running and `docsmith.{1}.baseUrl`', name, provider),
        actions: [],
      };
  }
}
