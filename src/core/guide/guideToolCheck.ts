/**
 * A guide explores with tools, so a model that cannot call them must fail before the first
 * request — naming a model of the same list that can, for the user to pick — rather than after a
 * billed request, and never by switching to another model silently.
 */
import type { ModelChoice } from '../docs/runSetup';
import { requireToolSupport } from '../providers/toolSupport';

/**
 * Throws `toolsUnsupported` when the provider's model list says the chosen model cannot call
 * tools. A model the list does not name (or no list) passes: the server's refusal of `tools` is
 * reported the same way.
 */
export function requireGuideTools(choice: Pick<ModelChoice, 'provider' | 'info' | 'catalog'>): void {
  if (!choice.info) return;
  requireToolSupport(choice.provider, choice.info.id, choice.catalog ?? [choice.info]);
}
