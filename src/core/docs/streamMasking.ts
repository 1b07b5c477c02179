/**
 * Masking a model's answer while it streams into a live preview. A key arrives in pieces (`sk-or`,
 * `-v1-01…`), so no piece can be masked on its own: text is let through a whole line at a time,
 * each line masked together with the two lines before it, and a private key block is held back
 * until its END line arrives (one that never ends is never shown). What is shown is always a
 * prefix of the masked answer; should a later line change how an earlier one is masked (a shape
 * spanning lines that was already shown), the preview stops growing instead of showing anything
 * unmasked, and the final page, masked and validated, takes its place.
 */
import { redactSource } from './redactSource';

/** Lines kept before the next one as it is masked: a quoted value may follow its assignment's line break. */
const CONTEXT_LINES = 2;

/** An unfinished private key block: its BEGIN line, with no END after it. */
const OPEN_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?![\s\S]*-----END [A-Z0-9 ]*PRIVATE KEY)/;
const KEY_BLOCK_END = /-----END [A-Z0-9 ]*PRIVATE KEY/;

export interface StreamMasker {
  /** Takes the next piece of the answer; shows whatever of it can be shown masked. */
  push(delta: string): void;
  /** The answer (or one part of it) ended: shows the rest, masked. Later pushes continue it. */
  end(): void;
}

/** A masker that passes the masked answer to `show`, in pieces, in order. */
export function createStreamMasker(show: (masked: string) => void): StreamMasker {
  // The raw text not yet settled (the last lines shown and anything held back) and the masked
  // text already shown for it. Older lines are dropped, so the work stays linear in the answer's
  // length.
  let raw = '';
  let shown = '';
  let stalled = false;

  const release = (final: boolean): void => {
    if (stalled) return;
    let cut = final ? raw.length : raw.lastIndexOf('\n') + 1;
    // A key block is shown once it ends; one the answer never ends is never shown.
    const open = OPEN_KEY_BLOCK.exec(raw.slice(0, cut));
    if (open) {
      cut = raw.lastIndexOf('\n', open.index) + 1;
      if (final) stalled = true;
    }
    if (cut === 0) return;
    const masked = redactSource(raw.slice(0, cut));
    if (!masked.startsWith(shown)) {
      stalled = true;
      return;
    }
    if (masked.length > shown.length) show(masked.slice(shown.length));
    shown = masked;
    settle(cut, masked);
  };

  /**
   * Forgets what was shown except its last {@link CONTEXT_LINES} lines: no mask reaches further
   * back (a key block is held whole until it ends, and forgotten whole). Masking keeps line
   * breaks, so the raw and masked lines pair up.
   */
  const settle = (cut: number, masked: string): void => {
    const rawLines = raw.slice(0, cut).split('\n');
    const maskedLines = masked.split('\n');
    // The last element is what follows the last line break: '' when the region ends with one.
    let drop = rawLines.length - 1 - CONTEXT_LINES;
    // Never keep the end of a key block without its start: it would no longer be masked.
    for (let i = rawLines.length - 2; i >= Math.max(0, drop); i--) {
      if (KEY_BLOCK_END.test(rawLines[i])) {
        drop = i + 1;
        break;
      }
    }
    if (rawLines.length !== maskedLines.length || drop <= 0) return;
    raw = raw.slice(rawLines.slice(0, drop).join('\n').length + 1);
    shown = shown.slice(maskedLines.slice(0, drop).join('\n').length + 1);
  };

  return {
    push(delta) {
      raw += delta;
      if (delta.includes('\n')) release(false);
    },
    end() {
      release(true);
    },
  };
}
