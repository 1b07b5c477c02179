/**
 * Masks secrets in source text before it is sent to a model, and in what a model answers before
 * it is written or sent again. Line structure is kept (a multi-line private key block keeps its
 * line breaks) so line-numbered citations stay right. Three kinds of secret:
 * - well-known shapes ({@link SECRET_SHAPES}): provider keys, tokens, JWTs, private key blocks,
 *   credentials in URLs, bearer values, webhook URLs;
 * - a quoted literal assigned to a secret-like name, in any file (`apiKey = "…"`,
 *   `"client_secret": "…"`, `password := "hunter2"`), however short;
 * - an unquoted value assigned to a secret-like name in configuration (YAML, INI, properties,
 *   env files, compose files, TOML, `.npmrc`…) and in `NAME=value` lines anywhere
 *   (`export DB_PASSWORD=…`, `ENV API_TOKEN=…`, `- POSTGRES_PASSWORD=…`).
 * Code such as `password = getPassword()` or `token: string` is not a secret: unquoted values
 * count only where a file's syntax makes them literals.
 */
import * as path from 'node:path';
import { isPlaceholderValue, isSecretName, MASK, maskSecretShapes, nameWords } from '../secretPatterns';

/** What a masked secret is replaced with. */
export const REDACTION_MARK = MASK;

/** `name = "value"` with any quote; the name may be quoted too (JSON, PHP arrays). */
const QUOTED_ASSIGNMENT = /(?<pre>(?<![\w.-])(?<name>[A-Za-z_][\w.-]*)["']?\s*(?::=|=>|[:=])\s*(?<q>["'`]))(?<secret>[^"'`\s\\]+)(?<post>\k<q>)/g;

/** `name: value` / `name=value` on its own line, unquoted, to the end of the line or a comment. */
const CONFIG_ASSIGNMENT = /^(?<pre>[ \t]*(?:-[ \t]+)?(?:(?:export|ENV|ARG|set)[ \t]+)?["']?(?<name>[A-Za-z_][\w.-]*)["']?[ \t]*(?::=|=>|[:=])[ \t]*)(?<secret>[^\s'"`][^\n]*?)(?=[ \t]+[#;]|[ \t]*\r?$)/gm;

/** `NAME=value` (shell and env syntax: no spaces around `=`), in any file. */
const ENV_ASSIGNMENT = /^(?<pre>[ \t]*(?:-[ \t]+)?(?:(?:export|ENV|ARG)[ \t]+)?(?<name>[A-Z][A-Z0-9_]*)=)(?<secret>[^\s'"`$({[][^\s'"`]*)/gm;

const CONFIG_EXTENSIONS = new Set(['.yml', '.yaml', '.ini', '.cfg', '.conf', '.cnf', '.properties', '.env', '.toml', '.tfvars', '.hcl', '.service', '.plist']);
const CONFIG_NAMES = /^(?:\.env(?:\..*)?|\.npmrc|\.yarnrc|\.pypirc|\.netrc|\.pgpass|\.htpasswd|dockerfile(?:\..*)?|.*\.env\..*|.*compose.*\.ya?ml)$/i;

/** Whether unquoted `name: value` lines of this file are literals (configuration), not code. */
export function isConfigurationFile(filePath: string): boolean {
  const base = path.posix.basename(filePath.replace(/\\/g, '/'));
  return CONFIG_EXTENSIONS.has(path.posix.extname(base).toLowerCase()) || CONFIG_NAMES.test(base);
}

type Groups = Record<string, string | undefined>;

/**
 * A value made of its own name is a label or an identifier, not a secret: `"password":
 * "Password"` (a translation), `setApiKey: 'docsmith.setApiKey'` (a command id),
 * `REFRESH_TOKEN = 'refresh_token'` (an enum value).
 */
function isLabelOfName(value: string, name: string): boolean {
  const words = nameWords(name);
  if (words.length > 1 && value.toLowerCase().includes(name.toLowerCase())) return true;
  const nameSet = new Set(words);
  const valueWords = nameWords(value);
  return valueWords.length > 0 && valueWords.every((w) => nameSet.has(w));
}

function maskAssignments(text: string, pattern: RegExp, quoted: boolean): { text: string; count: number } {
  let count = 0;
  pattern.lastIndex = 0;
  const out = text.replace(pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    const g = args[args.length - 1] as Groups;
    const value = g.secret!;
    if (!isSecretName(g.name!) || isPlaceholderValue(value, quoted)) return match;
    if (isLabelOfName(value, g.name!)) return match;
    count++;
    return `${g.pre}${MASK}${g.post ?? ''}`;
  });
  return { text: out, count };
}

function maskAll(text: string, filePath: string | undefined): { text: string; count: number } {
  const shapes = maskSecretShapes(text);
  const quoted = maskAssignments(shapes.text, QUOTED_ASSIGNMENT, true);
  const config = filePath !== undefined && isConfigurationFile(filePath) ? maskAssignments(quoted.text, CONFIG_ASSIGNMENT, false) : { text: quoted.text, count: 0 };
  const env = maskAssignments(config.text, ENV_ASSIGNMENT, false);
  return { text: env.text, count: shapes.count + quoted.count + config.count + env.count };
}

/**
 * Returns `text` with every secret replaced by {@link REDACTION_MARK}. `filePath` (workspace
 * relative) tells whether unquoted configuration values are literals.
 */
export function redactSource(text: string, filePath?: string): string {
  return maskAll(text, filePath).text;
}

/** Counts secrets, for reporting how many were masked. */
export function countSecrets(text: string, filePath?: string): number {
  return maskAll(text, filePath).count;
}
