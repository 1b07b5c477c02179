/**
 * What the live preview of a page shows while its answers stream in: the Markdown of each answer
 * as it arrives, without the `Summary:` line an answer starts with (the summary belongs in the
 * page's header, which is added when the page is assembled), answers separated by a blank line.
 */

const SUMMARY_LINE = /^\s*\**summary\**\s*:/i;

/** Could `head` (no line break yet) still grow into a `Summary:` line? */
function mayBecomeSummary(head: string): boolean {
  const text = head.trimStart().replace(/^\*+/, '').toLowerCase();
  return SUMMARY_LINE.test(head) || 'summary'.startsWith(text) || /^summary\**\s*$/.test(text);
}

/**
 * Returns a factory of token sinks, one per answer: call it before each request and feed the
 * returned function the answer's deltas. `show` receives the text to append to the preview.
 */
export function pagePreviewStream(show: (text: string) => void): () => (delta: string) => void {
  let answers = 0;
  return () => {
    const separator = answers++ > 0 ? '\n\n' : '';
    let state: 'head' | 'skipBlank' | 'body' = 'head';
    let head = '';
    const body = (text: string): void => {
      if (text === '') return;
      show(state === 'body' ? text : separator + text);
      state = 'body';
    };
    return (delta) => {
      if (state === 'body') return show(delta);
      if (state === 'skipBlank') return body(delta.replace(/^\s+/, ''));
      head += delta;
      const end = head.indexOf('\n');
      if (end < 0) {
        if (!mayBecomeSummary(head)) body(head);
        return;
      }
      if (!SUMMARY_LINE.test(head.slice(0, end))) return body(head);
      state = 'skipBlank';
      body(head.slice(end + 1).replace(/^\s+/, ''));
    };
  };
}
