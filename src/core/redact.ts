/**
 * Secret redaction for everything that leaves the process as text: log lines and error messages.
 * Keys are masked once at the logger (`createRedactingLogger` in logger.ts), not at each call site.
 */

export const REDACTED = '[REDACTED]';

/**
 * Patterns of well-known credential shapes. Each replaces only the secret part, so the context
 * ("Authorization: Bearer", "x-api-key:") stays readable in logs.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // Authorization headers in any casing, with Bearer/Basic/Token schemes or a bare value.
  [/(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)?\s*)[^\s"',;}]+/gi, `$1${REDACTED}`],
  // A bare "Bearer <token>" elsewhere (e.g. in a curl line).
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`],
  // x-api-key / api-key / api_key / apiKey headers and fields.
  [/((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1${REDACTED}`],
  // Anthropic, OpenRouter, OpenAI project/service keys and legacy keys: sk-ant-…, sk-or-v1-…, sk-proj-…, sk-….
  [/\bsk-(?:ant-|or-v1-|or-|proj-|svcacct-)?[A-Za-z0-9_-]{8,}/g, REDACTED],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks credentials in `text`: Authorization values, `x-api-key` values, `sk-…`, `sk-or-v1-…`,
 * `sk-ant-…`, `AKIA…` shapes, and every string in `knownSecrets` (the user's stored keys,
 * whatever their shape). Known secrets shorter than 6 characters are ignored so that a dummy
 * key such as "x" cannot blank out ordinary text.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  const known = [...new Set(knownSecrets.filter((s) => typeof s === 'string' && s.trim().length >= 6))]
    // Longest first so that a key containing another key is masked whole.
    .sort((a, b) => b.length - a.length);
  for (const secret of known) {
    result = result.replace(new RegExp(escapeRegExp(secret.trim()), 'g'), REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/** Redacts strings anywhere in a log argument; errors become their redacted stack/message. */
export function redactValue(value: unknown, knownSecrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, knownSecrets);
  if (value instanceof Error) return redactSecrets(value.stack ?? `${value.name}: ${value.message}`, knownSecrets);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, knownSecrets, depth + 1));
  if (value instanceof Headers) {
    return redactValue(Object.fromEntries(value.entries()), knownSecrets, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = /^(authorization|x-api-key|api[-_]?key|apikey|password|secret|token)$/i.test(key) && item
      ? REDACTED
      : redactValue(item, knownSecrets, depth + 1);
  }
  return out;
}
