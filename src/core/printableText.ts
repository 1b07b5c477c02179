/**
 * Text from a repository (file names above all) printed to a terminal or a log. A file name can
 * hold control characters and terminal escape sequences — `ESC ] 52` writes the clipboard,
 * `ESC [ 2 J` clears the screen — and bidirectional overrides that make a line read differently
 * from what it says. Printed, they act; escaped, they are just seen.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** `a\u001b[2Jb` → `a\e[2Jb`: C0/C1 controls, DEL, line separators and bidi controls as escapes. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same for text made of lines: each line escaped, the line breaks between them kept. */
export function escapeControlCharactersPerLine(text: string): string {
  return text.split('\n').map(escapeControlCharacters).join('\n');
}

/**
 * JSON for a terminal: `JSON.stringify` already escapes C0 controls; this escapes what it leaves
 * raw (DEL, C1 controls such as the 8-bit CSI, line separators, bidi controls). Still valid JSON.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
