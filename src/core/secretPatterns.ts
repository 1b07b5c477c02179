/**
 * What a secret looks like, shared by the masking of source text sent to a model and of log
 * lines: well-known key shapes, credentials inside URLs, JWTs, bearer values, webhook URLs, and
 * names that say a value is a secret (`DB_PASSWORD`, `clientSecret`, `aws_secret_access_key`).
 */

/** What a masked secret is replaced with. */
export const MASK = '[REDACTED]';

export interface SecretShape {
  name: string;
  /**
   * Global pattern. With named groups `secret` (and optional `pre`, `post`), only `secret` is
   * masked and the rest is kept; without them the whole match is masked.
   */
  pattern: RegExp;
}

/** Ordered most specific first. */
export const SECRET_SHAPES: readonly SecretShape[] = [
  { name: 'private key block', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g },
  { name: 'OpenRouter key', pattern: /\bsk-or-v1-[A-Za-z0-9]{16,}/g },
  { name: 'Anthropic key', pattern: /\bsk-ant-[A-Za-z0-9_-]{16,}/g },
  { name: 'OpenAI-style key', pattern: /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{15,}/g },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: 'Stripe key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { name: 'SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { name: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}/g },
  { name: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { name: 'Slack webhook', pattern: /(?<pre>\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)(?<secret>[A-Za-z0-9_/-]+)/g },
  { name: 'Discord webhook', pattern: /(?<pre>\bhttps:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/)(?<secret>[0-9]+\/[A-Za-z0-9_-]+)/g },
  // `scheme://user:password@host`: the password only; `${VAR}` placeholders are not secrets.
  { name: 'credentials in a URL', pattern: /(?<pre>\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/?#@'"`]*:)(?<secret>(?![$%{<])(?!(?:password|passwd|pass|pwd|secret|token)@)[^\s/?#@'"`]+)(?<post>@)/g },
  // `Authorization: "Bearer …"`, `'Authorization': 'Basic …'`: a quoted header value.
  { name: 'authorization value', pattern: /(?<pre>\bauthorization["']?\s*[:=]\s*["'`]\s*(?:(?:bearer|basic|token|digest)\s+)?)(?<secret>(?!(?:bearer|basic|token|digest)\b)[A-Za-z0-9._~+/=-]{4,})/gi },
  // `Bearer <token>` anywhere, when the token looks random: a digit, inner punctuation or two
  // capitals (not `Bearer authentication.`); it ends with a letter, a digit or `=` padding.
  { name: 'bearer token', pattern: /(?<pre>\b(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s+)(?<secret>(?=[A-Za-z0-9._~+/=-]{8,})(?=[A-Za-z0-9._~+/=-]*[0-9]|[A-Za-z0-9]+[._~+/-][A-Za-z0-9]|(?:[A-Za-z0-9._~+/=-]*[A-Z]){2})[A-Za-z0-9._~+/=-]*[A-Za-z0-9=])/g },
];

/**
 * Masks every {@link SECRET_SHAPES} match in `text`, keeping line breaks inside a masked secret
 * (a private key block keeps its line count, so line numbers stay right). Returns the count.
 */
export function maskSecretShapes(text: string): { text: string; count: number } {
  let out = text;
  let count = 0;
  for (const { pattern } of SECRET_SHAPES) {
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    out = out.replace(pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args[args.length - 1] as Record<string, string | undefined> | string;
      if (typeof groups === 'object' && groups?.secret !== undefined) {
        if (groups.secret.includes(MASK) || MASK.includes(groups.secret)) return match;
        count++;
        return `${groups.pre ?? ''}${maskKeepingLines(groups.secret)}${groups.post ?? ''}`;
      }
      count++;
      return maskKeepingLines(match);
    });
  }
  return { text: out, count };
}

function maskKeepingLines(secret: string): string {
  const lineBreaks = secret.match(/\r?\n/g);
  return lineBreaks ? MASK + lineBreaks.join('') : MASK;
}

/** Last words of a name that say its value is a secret. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey', 'authtoken', 'auth']);
/** Words that, before `key`, say the key is a secret one (`api_key`, `SECRET_ACCESS_KEY`, `signingKey`). */
const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'auth', 'client', 'signing', 'encryption', 'master', 'session', 'app', 'consumer', 'service', 'account', 'admin', 'license', 'webhook', 'deploy', 'ssh', 'jwt', 'hmac', 'crypto', 'cipher', 'subscription', 'storage', 'write', 'read']);

/** The words of an identifier, lower-cased: `awsSecretAccessKey`, `AWS_SECRET_ACCESS_KEY`, `db.password` → words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether a name says its value is a secret: its last word is one (`DB_PASSWORD`, `authToken`,
 * `client_secret`), or it ends in a qualified `key` (`api_key`, `AWS_SECRET_ACCESS_KEY`). A name
 * that only mentions one (`secretName`, `tokenizer`, `max_tokens`, `password_min_length`) is not.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return last !== 'auth' || name.startsWith('_');
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}

/**
 * A value that stands for a secret rather than being one: empty, a variable or template
 * (`${DB_PASSWORD}`, `{{ .Values.x }}`, `%(pw)s`, `<your-key>`), a run of one character
 * (`****`), or the masked mark itself; unquoted, also a YAML tag, anchor or block marker, a
 * boolean or null, or code (`os.environ.get(…)`).
 */
export function isPlaceholderValue(value: string, quoted: boolean): boolean {
  const v = value.trim();
  if (v === '' || v.includes(MASK) || /^(.)\1*$/.test(v)) return true;
  if (/^(?:\$|%\(|\{\{|<[^>]*>$|#\{)/.test(v)) return true;
  if (quoted) return false;
  if (/^[!&*|>[{(]/.test(v) || v.includes('(')) return true;
  return /^(?:true|false|null|nil|none|undefined|yes|no|on|off|~)$/i.test(v);
}
