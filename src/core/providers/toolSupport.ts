/**
 * Whether a model can call tools, from its provider's model list, checked before the first
 * request of anything that needs tools. Lists that say which parameters a model takes (OpenRouter's
 * `supported_parameters`) decide; a model not in the list, or a list that does not say, is given
 * the benefit of the doubt, and the server's own refusal (400/404 to a request with tools) is
 * reported the same way. Never a silent fallback: the error names the model and suggests one that
 * can, for the user to pick.
 */
import { ProviderError, type ModelInfo, type ProviderId } from './types';

/** True or false when the list says; undefined when it does not. */
export function canCallTools(model: ModelInfo): boolean | undefined {
  if (model.supportedParameters.length === 0) return undefined;
  return model.supportedParameters.includes('tools');
}

/** A model of the list that can call tools: the same vendor's newest first, then anyone's newest. */
export function suggestToolModel(model: string, catalog: readonly ModelInfo[]): string | undefined {
  const vendor = catalog.find((m) => m.id === model)?.vendor ?? model.split('/')[0];
  const able = catalog.filter((m) => m.id !== model && canCallTools(m) === true);
  const newest = (a: ModelInfo, b: ModelInfo): number => (b.created ?? 0) - (a.created ?? 0);
  const sameVendor = able.filter((m) => m.vendor === vendor).sort(newest);
  return (sameVendor[0] ?? [...able].sort(newest)[0])?.id;
}

/** Throws `toolsUnsupported` when the list says the model cannot call tools. */
export function requireToolSupport(provider: ProviderId, model: string, catalog: readonly ModelInfo[]): void {
  const info = catalog.find((m) => m.id === model);
  if (!info || canCallTools(info) !== false) return;
  const suggestedModel = suggestToolModel(model, catalog);
  throw new ProviderError('toolsUnsupported', `${provider}: ${model} cannot call tools${suggestedModel ? `; ${suggestedModel} can` : ''}`, {
    provider,
    model,
    retryable: false,
    ...(suggestedModel ? { suggestedModel } : {}),
  });
}
