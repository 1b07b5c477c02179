/**
 * Turns parser output and the model's descriptions into text insertions: a doc comment above
 * each exported function, method and class that has none (a docstring as the first statement
 * of the body in Python). Insertions only add text; they match the file's indentation and line
 * endings, and the text is inserted verbatim (no snippet syntax, so `$` stays `$`).
 */
import { canonicalLanguage } from '../parse/sourceParser';
import type { ParsedFile } from '../types';
import { COMMENT_RENDERERS } from './commentStyles';
import { docCommentTargets, type DocCommentTarget, type DocDescriptions } from './docTargets';

/** Insert `text` before the character at 1-based `line`, 0-based `column` (UTF-16 units). */
export interface DocCommentEdit {
  line: number;
  column: number;
  text: string;
  /** The symbol key the comment documents. */
  key: string;
}

/** `\r\n` when most line breaks are CRLF, else `\n`. */
export function detectLineEnding(text: string): string {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** The file's indentation step: a tab, or the most common smallest space step (default 4). */
export function detectIndentUnit(lines: readonly string[]): string {
  let tabs = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (indent.startsWith('\t')) tabs++;
    const width = indent.replace(/\t/g, '    ').length;
    if (width > previous) steps.set(width - previous, (steps.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  if (tabs > lines.length / 4 && tabs > 0) return '\t';
  const best = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  return ' '.repeat(best && best[0] <= 8 ? best[0] : 4);
}

const leadingWhitespace = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? '';

/** Joins comment lines; lines after the first get `indent`, except blank ones (no trailing spaces). */
function joinIndented(lines: readonly string[], indent: string, eol: string): string {
  return lines.map((line, i) => (i === 0 || line === '' ? line : indent + line)).join(eol);
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function aboveDeclaration(target: DocCommentTarget, lines: readonly string[], commentLines: string[], eol: string): DocCommentEdit {
  const line = target.symbol.startLine;
  const column = target.symbol.startColumn ?? 0;
  const indent = leadingWhitespace(lines[line - 1] ?? '');
  // Inserted before the declaration's first character: the first line sits where the code was,
  // later lines and the code after the comment get the line's indentation again.
  return { line, column, text: joinIndented(commentLines, indent, eol) + eol + indent, key: target.key };
}

function pythonDocstring(target: DocCommentTarget, lines: readonly string[], commentLines: string[], eol: string, unit: string): DocCommentEdit | undefined {
  const { bodyLine, bodyColumn } = target.symbol;
  if (bodyLine === undefined || bodyColumn === undefined) return undefined;
  const bodyText = lines[bodyLine - 1] ?? '';
  const before = bodyText.slice(0, bodyColumn);
  if (before.trim() === '') {
    // Body on its own line: the docstring takes the body's indentation.
    const indent = before;
    return { line: bodyLine, column: bodyColumn, text: joinIndented(commentLines, indent, eol) + eol + indent, key: target.key };
  }
  // One-line body (`def f(): return x`): move it under a docstring, one level deeper than the header.
  const headerIndent = leadingWhitespace(lines[(target.symbol.headerLine ?? target.symbol.startLine) - 1] ?? '');
  const indent = headerIndent + unit;
  return { line: bodyLine, column: bodyColumn, text: eol + indent + joinIndented(commentLines, indent, eol) + eol + indent, key: target.key };
}

/**
 * Insertions for every symbol that needs a doc comment and has a description in `descriptions`
 * (keyed by symbol key), sorted by position. A symbol without one gets no comment.
 */
export function buildDocCommentEdits(parsed: ParsedFile, text: string, language: string, descriptions: DocDescriptions = {}): DocCommentEdit[] {
  const id = canonicalLanguage(language);
  const render = COMMENT_RENDERERS[id];
  if (!render) return [];
  const lines = splitLines(text);
  const eol = detectLineEnding(text);
  const unit = id === 'python' ? detectIndentUnit(lines) : '';
  const edits: DocCommentEdit[] = [];
  for (const target of docCommentTargets(parsed)) {
    const description = descriptions[target.key];
    if (!description?.summary.trim()) continue;
    const commentLines = render(target, description);
    const edit = id === 'python' ? pythonDocstring(target, lines, commentLines, eol, unit) : aboveDeclaration(target, lines, commentLines, eol);
    if (edit) edits.push(edit);
  }
  return edits.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Applies insertions to `text` (later positions first, so earlier ones stay valid). */
export function applyDocCommentEdits(text: string, edits: readonly DocCommentEdit[]): string {
  const starts: number[] = [0];
  const re = /\r\n|\n|\r/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  const ordered = [...edits].sort((a, b) => b.line - a.line || b.column - a.column);
  let out = text;
  for (const edit of ordered) {
    const lineStart = starts[edit.line - 1];
    if (lineStart === undefined) throw new Error(`Edit for ${edit.key} is past the end of the file (line ${edit.line})`);
    const offset = lineStart + edit.column;
    out = out.slice(0, offset) + edit.text + out.slice(offset);
  }
  return out;
}
