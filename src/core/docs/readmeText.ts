/**
 * A project's README as the overview prompt shows it: the prose and code a reader sees, without
 * the markup around it. READMEs on npm and GitHub often open with HTML (sponsor tables, centred
 * logos, badge rows) and link targets (tracking URLs, tables of contents pointing at their own
 * headings); as raw text that markup can fill most of a bounded excerpt and say nothing about
 * what the project does. The clean-up runs before the excerpt is bounded, so the bound is spent
 * on prose.
 */

/** Elements dropped with everything inside them: layout and pictures, never prose a reader needs. */
const DROPPED_ELEMENTS = ['table', 'picture', 'svg', 'script', 'style'];
/** Stands for a removed tag until its line is tidied. */
const TAG_MARK = '\u0000';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Markup of a stretch of README outside code blocks, removed; its text kept. */
function cleanProse(text: string): string {
  let out = text.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const name of DROPPED_ELEMENTS) out = out.replace(new RegExp(`<${name}\\b[\\s\\S]*?(?:</${name}\\s*>|$)`, 'gi'), '');
  out = out
    // Linked images and images (badges, logos, screenshots), inline or by reference.
    .replace(/\[!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])\](?:\([^)]*\)|\[[^\]]*\])/g, '')
    .replace(/!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])/g, '')
    // A table-of-contents entry points at the README's own headings, which follow anyway.
    .replace(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+\[[^\]]*\]\(#[^)]*\)[ \t]*$/gm, '')
    // Reference-style link definitions.
    .replace(/^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$/gm, '')
    // A link keeps its text; its target is a URL the overview has no use for.
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    // Any other tag goes; what it enclosed stays (the mark says the line held markup).
    .replace(/<\/?[a-z][^>]*>/gi, TAG_MARK);
  return decodeEntities(out)
    .split('\n')
    // A line that held markup loses the indentation of the HTML around it.
    .map((line) => (line.includes(TAG_MARK) ? line.split(TAG_MARK).join(' ').trim() : line))
    .map((line) => line.replace(/[ \t]+$/, '').replace(/(\S)[ \t]{2,}/g, '$1 '))
    .map((line) => (/^[\s•|·—–-]*$/.test(line) ? '' : line))
    .join('\n');
}

/**
 * A command that only installs a package (`$ npm install widgets`, `pip install widgets`): it says
 * how to get the project, which its manifest already says, not what it is.
 */
const INSTALL_COMMAND = /^\s*(?:[$>]\s*)?(?:npm (?:install|i|add)|yarn (?:global )?add|pnpm (?:add|install|i)|bun add|bower install|pip3? install|poetry add|cargo (?:add|install)|go (?:get|install)|gem install|composer require)\b/;

/** A fenced code block whose every line is an install command (blank lines aside). */
function installOnly(block: string): boolean {
  const lines = block.split('\n').slice(1, -1).filter((l) => l.trim() !== '' && !/^\s*(?:```|~~~)/.test(l));
  return lines.length > 0 && lines.every((l) => INSTALL_COMMAND.test(l));
}

/** Prose without its last paragraph when that paragraph only leads into what followed (`Using npm:`). */
function withoutLeadIn(prose: string): string {
  const trimmed = prose.replace(/\s+$/, '');
  const start = trimmed.lastIndexOf('\n\n') + 1;
  const last = trimmed.slice(start);
  const leadsIn = /:$/.test(last) && last.length <= 200 && !/^\s*#/m.test(last);
  return leadsIn ? `${trimmed.slice(0, start)}\n` : prose;
}

/**
 * Headings with nothing under them before the next heading of the same or a higher level (or the
 * end); a heading whose subsections were all empty goes too.
 */
function withoutEmptySections(text: string): string {
  const level = (line: string): number => /^(#{1,6})\s/.exec(line)?.[1].length ?? 0;
  let lines = text.split('\n');
  for (;;) {
    const kept = lines.filter((line, i) => {
      const own = level(line);
      if (own === 0) return true;
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      return next !== undefined && (level(next) === 0 || level(next) > own);
    });
    if (kept.length === lines.length) return kept.join('\n');
    lines = kept;
  }
}

/**
 * The README's text without HTML markup, comments, images, badges, link targets, its own table
 * of contents, install-only code blocks (with the line that leads into them) or headings left
 * with nothing under them; other fenced code blocks are kept as written. Runs of blank lines
 * become one.
 */
export function readmeProse(text: string): string {
  const parts = text.replace(/\r\n?/g, '\n').split(/^([ \t]*(?:```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*(?:```|~~~)[ \t]*$|(?![\s\S])))/m);
  // split with a capturing group alternates prose (even indexes) and code blocks (odd indexes).
  const cleaned = parts.map((part, i) => (i % 2 === 1 ? part : cleanProse(part)));
  for (let i = 1; i < cleaned.length; i += 2) {
    if (!installOnly(cleaned[i])) continue;
    cleaned[i] = '';
    cleaned[i - 1] = withoutLeadIn(cleaned[i - 1]);
  }
  return withoutEmptySections(cleaned.join('').replace(/\n{3,}/g, '\n\n')).replace(/\n{3,}/g, '\n\n').trim();
}
