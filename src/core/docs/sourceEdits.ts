/** Replacing ranges of a text by offset, for checks that change only what they must. */

export interface SourceEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits that can be made together: outermost first, an edit inside (or overlapping) one
 * already taken is left for the next pass, when the text around it has settled.
 */
export function outermostEdits<T extends { edit: SourceEdit }>(candidates: readonly T[]): T[] {
  const sorted = [...candidates].sort((a, b) => a.edit.start - b.edit.start || b.edit.end - a.edit.end);
  const taken: T[] = [];
  let reach = -1;
  let lastStart = -1;
  for (const c of sorted) {
    const { start, end } = c.edit;
    // An insertion at the start of a taken range, or a second one at the same place, waits too.
    if (start < reach || (start === lastStart && start === end)) continue;
    taken.push(c);
    reach = Math.max(reach, end);
    lastStart = start;
  }
  return taken;
}

/** `text` with non-overlapping `edits` applied. */
export function applyEdits(text: string, edits: readonly SourceEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}
