/**
 * What a cached parse result depends on besides the file itself: the extraction code and the
 * grammars of the build that is running. The parse cache is keyed by it, so a result computed by
 * another build (an older release, a development build) is never served.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Raise when what the parser extracts (symbols, imports, spans) changes shape or meaning.
 * 3: CommonJS exports, prototype methods and property getters; require bindings are imports.
 */
const EXTRACTION_VERSION = 3;

let cached: string | undefined;

/**
 * `<extraction version>-<hash of the running code>`. In the editor and the CLI the code is one
 * bundle (`dist/extension.js`, `dist/cli.js`), so any change to the parser or its grammars —
 * which are bundled or versioned with it — gives a new key.
 */
export function parserVersion(): string {
  if (cached !== undefined) return cached;
  let build = 'unknown';
  try {
    build = createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16);
  } catch {
    // Not loaded from a file (an unusual loader): the extraction version alone keys the cache.
  }
  cached = `${EXTRACTION_VERSION}-${build}`;
  return cached;
}
