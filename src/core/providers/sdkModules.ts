/**
 * The `openai` and `@anthropic-ai/sdk` packages, loaded on first use instead of at activation.
 * Together they are about 80% of the extension bundle (344 of 437 KB minified); loading them
 * in `activate()` made activation cost 100+ ms in code-server (measured by the activation benchmark).
 * The extension bundle keeps them in `dist/vendor/` (esbuild.js), so until a request is made
 * they are neither compiled nor run.
 */
import type OpenAIClient from 'openai';
import type AnthropicClient from '@anthropic-ai/sdk';

export type OpenAiSdk = typeof OpenAIClient;
export type AnthropicSdk = typeof AnthropicClient;

let openAi: OpenAiSdk | undefined;
let anthropic: AnthropicSdk | undefined;

/** The `OpenAI` class (with its error classes as statics), loaded once. */
export function openAiSdk(): OpenAiSdk {
  // A plain require, not import(): it must load the same CommonJS build every other caller sees.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  openAi ??= (require('openai') as { default: OpenAiSdk }).default;
  return openAi;
}

/** The `Anthropic` class (with its error classes as statics), loaded once. */
export function anthropicSdk(): AnthropicSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  anthropic ??= (require('@anthropic-ai/sdk') as { default: AnthropicSdk }).default;
  return anthropic;
}
