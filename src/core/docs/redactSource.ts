/**
 * Masks key-like strings in source text before it is sent to a model. Line structure is kept
 * (a multi-line private key block keeps its line breaks) so line-numbered citations stay right.
 */

/** What a masked secret is replaced with. */
export const REDACTION_MARK = '[REDACTED]';

interface SecretPattern {
  name: string;
  pattern: RegExp;
}

/** Ordered most specific first; all global. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { name: 'private key block', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g },
  { name: 'OpenRouter key', pattern: /\bsk-or-v1-[A-Za-z0-9]{16,}/g },
  { name: 'Anthropic key', pattern: /\bsk-ant-[A-Za-z0-9_-]{16,}/g },
  { name: 'OpenAI-style key', pattern: /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{15,}/g },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: 'Stripe secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/g },
];

/**
 * A quoted literal of 16+ non-space characters assigned to a name that says it is a secret
 * (`apiKey = "…"`, `"client_secret": "…"`, `PASSWORD: '…'`): the value is masked, the name kept.
 */
const ASSIGNED_SECRET =
  /\b([A-Za-z0-9_-]*?(?:api[_-]?key|apikey|secret|secret[_-]?key|access[_-]?token|auth[_-]?token|token|password|passwd|pwd|private[_-]?key|client[_-]?secret)["']?\s*[:=]\s*)(["'`])([^"'`\s]{16,})\2/gi;

function maskAssigned(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(ASSIGNED_SECRET, (_match: string, head: string, quote: string, value: string) => {
    if (value.includes(REDACTION_MARK)) return `${head}${quote}${value}${quote}`;
    count++;
    return `${head}${quote}${REDACTION_MARK}${quote}`;
  });
  return { text: out, count };
}

function mask(match: string): string {
  const lineBreaks = match.match(/\r?\n/g);
  return lineBreaks ? REDACTION_MARK + lineBreaks.join('') : REDACTION_MARK;
}

/** Returns `text` with every key-like string replaced by {@link REDACTION_MARK}. */
export function redactSource(text: string): string {
  let out = text;
  for (const { pattern } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    if (pattern.test(out)) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, mask);
    }
  }
  return maskAssigned(out).text;
}

/** Counts key-like strings, for reporting how many were masked. */
export function countSecrets(text: string): number {
  let count = 0;
  let remaining = text;
  for (const { pattern } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    const found = remaining.match(pattern);
    if (found) {
      count += found.length;
      remaining = remaining.replace(pattern, mask);
    }
  }
  return count + maskAssigned(remaining).count;
}
