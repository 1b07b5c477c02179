/**
 * Which symbols get a doc comment, under which stable key, and what the model is asked to fill.
 */
import { canonicalLanguage } from '../parse/sourceParser';
import type { ParsedFile, SourceSymbol, SymbolKind } from '../types';

/** What the model writes for one symbol; the skeleton around it comes from the parser. */
export interface SymbolDescription {
  summary: string;
  /** Keyed by parameter name as listed in the target. */
  params: Record<string, string>;
  returns?: string;
}

/** The model's answer: descriptions keyed by {@link DocCommentTarget.key}. */
export type DocDescriptions = Record<string, SymbolDescription>;

export interface DocCommentTarget {
  /** Stable key: `name`, or `Container.name` for members (`#2`, `#3` for repeats such as overloads). */
  key: string;
  symbol: SourceSymbol;
  /** Parameter names, one entry each in the comment. */
  params: string[];
  /** True when the comment needs a return entry. */
  needsReturns: boolean;
}

const DOCUMENTED_KINDS: ReadonlySet<SymbolKind> = new Set(['function', 'method', 'class', 'struct']);

export function symbolKey(symbol: SourceSymbol): string {
  return symbol.container ? `${symbol.container}.${symbol.name}` : symbol.name;
}

/** Keys for every symbol of the file, in order; repeated keys get `#2`, `#3`… */
export function symbolKeys(parsed: ParsedFile): Map<SourceSymbol, string> {
  const seen = new Map<string, number>();
  const keys = new Map<SourceSymbol, string>();
  for (const symbol of parsed.symbols) {
    const base = symbolKey(symbol);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    keys.set(symbol, count === 1 ? base : `${base}#${count}`);
  }
  return keys;
}

/** Exported functions, methods and classes (structs in Go/Rust) that have no doc comment yet. */
export function docCommentTargets(parsed: ParsedFile): DocCommentTarget[] {
  const language = canonicalLanguage(parsed.language);
  const keys = symbolKeys(parsed);
  const targets: DocCommentTarget[] = [];
  for (const symbol of parsed.symbols) {
    if (!symbol.exported || symbol.docComment !== undefined || !DOCUMENTED_KINDS.has(symbol.kind)) continue;
    if (language === 'python' && symbol.bodyLine === undefined) continue;
    const callable = symbol.kind === 'function' || symbol.kind === 'method';
    targets.push({
      key: keys.get(symbol) ?? symbolKey(symbol),
      symbol,
      params: callable ? symbol.parameters.map((p) => p.name) : [],
      needsReturns: callable && symbol.returnsVoid !== true,
    });
  }
  return targets;
}

/** A description for `param` from the model, tolerating `*args`/`args` and `...rest`/`rest` spellings. */
export function paramDescription(description: SymbolDescription | undefined, param: string): string | undefined {
  if (!description) return undefined;
  const bare = param.replace(/^(\*{1,2}|\.\.\.)/, '');
  return description.params[param] ?? description.params[bare] ?? description.params[`*${bare}`] ?? description.params[`**${bare}`];
}
