/** A second "window": writes the same 50 answers as another process into the cache folder given as argument. */
import { cacheKey, ResponseCache } from '../../../src/core/cache/responseCache';

async function main(): Promise<void> {
  const cache = new ResponseCache({ dir: process.argv[2] });
  const request = { model: 'openai/gpt-4o', messages: [{ role: 'system' as const, content: 'rules' }, { role: 'user' as const, content: 'file a.ts' }], temperature: 0.1 };
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      cache.put(cacheKey({ provider: 'openrouter', scope: 'https://openrouter.ai/api/v1', request: { ...request, maxTokens: i } }), {
        text: `answer ${i}`,
        finishReason: 'stop',
        servedModel: 'openai/gpt-4o',
        latencyMs: 1,
      }),
    ),
  );
}

void main().then(() => process.exit(0), () => process.exit(1));
