/**
 * The "Symbols" section of a file page, from the parser: every exported symbol and every
 * top-level one, each with a citation of its lines. A short list is written as it is; a long one
 * is grouped by kind with counts, every exported symbol is still listed, and when non-exported
 * ones must be left out to keep the page readable the page says how many, of which kind.
 */
import type { SourceSymbol, SymbolKind } from './types';
import { formatCitation } from './citations';
import { codeSpan } from './markdownEscape';

/** Up to this many symbols, one flat list. */
export const FLAT_SYMBOL_LIST = 300;
/** At most this many rows; exported symbols are listed even beyond it. */
export const MAX_SYMBOL_ROWS = 1000;

const KIND_ORDER: readonly SymbolKind[] = ['class', 'interface', 'struct', 'trait', 'type', 'enum', 'function', 'method', 'property', 'variable', 'module'];
const KIND_TITLES: Record<SymbolKind, string> = {
  class: 'Classes',
  interface: 'Interfaces',
  struct: 'Structs',
  trait: 'Traits',
  type: 'Types',
  enum: 'Enums',
  function: 'Functions',
  method: 'Methods',
  property: 'Properties',
  variable: 'Variables',
  module: 'Modules',
};

export interface SymbolSource {
  path: string;
  lineCount: number;
  /** Relative link from the page to the source file. */
  sourceLink: string;
}

/** The section's Markdown, or '' when the file has no symbol to list. */
export function symbolSection(symbols: readonly SourceSymbol[], source: SymbolSource, limits = { flat: FLAT_SYMBOL_LIST, rows: MAX_SYMBOL_ROWS }): string {
  const listed = symbols.filter((s) => s.exported || !s.container);
  if (listed.length === 0) return '';
  if (listed.length <= limits.flat) return `## Symbols\n\n${listed.map((s) => symbolRow(s, source)).join('\n')}`;

  const exported = listed.filter((s) => s.exported).length;
  let room = Math.max(0, limits.rows - exported);
  const shown = new Set<SourceSymbol>();
  for (const s of listed) {
    if (s.exported) shown.add(s);
    else if (room > 0) {
      shown.add(s);
      room--;
    }
  }
  const folded = listed.length - shown.size;
  const intro = folded === 0 ? `${listed.length} symbols, by kind.` : `${listed.length} symbols, by kind; ${shown.size} are listed: every exported one, and the first ${shown.size - exported} of the others. The ${folded} left out are counted under their kind.`;
  const sections = [`## Symbols\n\n${intro}`];
  const kinds = [...KIND_ORDER, ...new Set(listed.map((s) => s.kind).filter((k) => !KIND_ORDER.includes(k)))];
  for (const kind of kinds) {
    const ofKind = listed.filter((s) => s.kind === kind);
    if (ofKind.length === 0) continue;
    const rows = ofKind.filter((s) => shown.has(s)).map((s) => symbolRow(s, source));
    const left = ofKind.length - rows.length;
    if (left > 0) rows.push(`- ${left} more, not exported, not listed`);
    sections.push(`### ${KIND_TITLES[kind] ?? kind} (${ofKind.length})\n\n${rows.join('\n')}`);
  }
  return sections.join('\n\n');
}

function symbolRow(s: SourceSymbol, source: SymbolSource): string {
  const cite = formatCitation({ path: source.path, startLine: s.startLine, endLine: Math.min(s.endLine, source.lineCount) }, source.sourceLink);
  const name = s.container ? `${s.container}.${s.name}` : s.name;
  return `- ${codeSpan(name)} — ${s.kind}${s.exported ? ', exported' : ''} — ${cite}`;
}
