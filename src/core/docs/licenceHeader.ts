/**
 * The licence header at the top of a source file: the comment that names its copyright holders
 * and licence (`/*! … MIT Licensed *\/`, `# Copyright … SPDX-License-Identifier`). It says nothing a
 * page about the file documents, and on a project of small files it is a good part of each one,
 * so file page prompts leave it out; the lines after it keep their numbers.
 */

/** Longest comment taken for a licence header, in lines. */
const MAX_HEADER_LINES = 40;
/** What only a licence header says: a copyright line, an SPDX tag, `Licensed under`, `MIT Licensed`, the MIT grant. */
const LICENCE_WORDS = /\bcopyright\b|©|SPDX-License-Identifier|\blicensed\b|permission is hereby granted/i;

/** Index past the comment that starts at `start`, or `start` when none does. */
function commentEnd(lines: readonly string[], start: number): number {
  const first = lines[start]?.trim() ?? '';
  if (first.startsWith('/*')) {
    for (let i = start; i < Math.min(lines.length, start + MAX_HEADER_LINES); i++) {
      if (lines[i].includes('*/', i === start ? first.indexOf('/*') + 2 : 0)) return lines[i].trim().endsWith('*/') ? i + 1 : start;
    }
    return start;
  }
  const marker = first.startsWith('//') ? '//' : first.startsWith('#') && !first.startsWith('#!') ? '#' : undefined;
  if (!marker) return start;
  let i = start;
  while (i < lines.length && i - start < MAX_HEADER_LINES && lines[i].trim().startsWith(marker)) i++;
  return i - start >= MAX_HEADER_LINES ? start : i;
}

/**
 * The lines (0-based, end exclusive) of the licence header of a file's text: a first comment,
 * after a shebang or an encoding line, that names a copyright or a licence, with the blank lines
 * after it. Undefined when the file has none.
 */
export function licenceHeader(lines: readonly string[]): { from: number; to: number } | undefined {
  let from = 0;
  while (from < lines.length && from < 2 && (/^#!/.test(lines[from]) || /^#.*coding[:=]/.test(lines[from]))) from++;
  const end = commentEnd(lines, from);
  if (end === from || !LICENCE_WORDS.test(lines.slice(from, end).join('\n'))) return undefined;
  let to = end;
  while (to < lines.length && lines[to].trim() === '') to++;
  return { from, to };
}
