/**
 * Secret redaction for everything that leaves the process as text: log lines and error messages.
 * Keys are masked once at the logger (`createRedactingLogger` in logger.ts), not at each call site.
 */
import { isSecretName, MASK, maskSecretShapes } from './secretPatterns';

export const REDACTED = MASK;

/**
 * Patterns of well-known credential shapes. Each replaces only the secret part, so the context
 * ("Authorization: Bearer", "x-api-key:") stays readable in logs.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // Authorization headers in any casing, with Bearer/Basic/Token schemes or a bare value.
  [/(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)?\s*)[^\s"',;}]+/gi, `$1${REDACTED}`],
  // A bare "Bearer <token>" elsewhere (e.g. in a curl line), however short.
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // x-api-key / api-key / api_key / apiKey headers and fields.
  [/((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1${REDACTED}`],
  // Anthropic, OpenRouter, OpenAI project/service keys and legacy keys: sk-ant-…, sk-or-v1-…, sk-proj-…, sk-….
  [/\bsk-(?:ant-|or-v1-|or-|proj-|svcacct-)?[A-Za-z0-9_-]{8,}/g, REDACTED],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks credentials in `text`: every string in `knownSecrets` (the user's stored keys, whatever
 * their shape and length), Authorization and `x-api-key` values, `Bearer` values, and the key
 * shapes of {@link maskSecretShapes} (provider keys, JWTs, credentials in URLs, webhook URLs).
 * A known key of 8 characters or more is masked wherever it appears; a shorter one where it
 * stands alone (not inside a longer word), so a one-letter test key still cannot blank out
 * every word containing that letter.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  const known = [...new Set(knownSecrets.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter((s) => s !== ''))]
    // Longest first so that a key containing another key is masked whole.
    .sort((a, b) => b.length - a.length);
  for (const secret of known) {
    const pattern = secret.length >= 8 ? escapeRegExp(secret) : `(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`;
    result = result.replace(new RegExp(pattern, 'g'), REDACTED);
  }
  result = maskSecretShapes(result).text;
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

const SECRET_KEY = /^(authorization|x-api-key|api[-_]?key|apikey|password|secret|token)$/i;

/**
 * Redacts strings anywhere in a log argument, at any depth; errors become their redacted
 * stack/message; a value under a secret-like key (`password`, `clientSecret`, `x-api-key`) is
 * masked whatever it is; a cycle is written `[Circular]`.
 */
export function redactValue(value: unknown, knownSecrets: readonly string[] = [], seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactSecrets(value, knownSecrets);
  if (value instanceof Error) return redactSecrets(value.stack ?? `${value.name}: ${value.message}`, knownSecrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, knownSecrets, seen));
    if (value instanceof Headers || value instanceof Map) return redactValue(Object.fromEntries(value.entries()), knownSecrets, seen);
    if (value instanceof Set) return redactValue([...value], knownSecrets, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = (SECRET_KEY.test(key) || isSecretName(key)) && item ? REDACTED : redactValue(item, knownSecrets, seen);
    }
    return out;
  } finally {
    // Only the objects above this one count as a cycle; the same object twice side by side is not one.
    seen.delete(value);
  }
}
