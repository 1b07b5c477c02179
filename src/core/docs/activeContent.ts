/**
 * What may be live in a page, decided on markdown-it's token stream (the parser of VS Code's
 * Markdown preview): links to `#anchors`, relative paths and `https:` URLs; images from relative
 * paths only (a remote image is fetched whenever someone opens the preview); no raw HTML. The
 * last check before a page is written lists everything else.
 */
import type MarkdownIt from 'markdown-it';
import { markdownParser, normaliseMarkdown, type MarkdownCode } from './markdownSource';

type Token = MarkdownIt.Token;

/**
 * The scheme of a link destination as a browser would read it (tabs and line breaks removed,
 * leading spaces and control characters ignored), lower-cased; `//` for a network-path reference;
 * undefined for a relative reference.
 */
export function linkScheme(href: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  if (/^[\\/]{2}/.test(cleaned)) return '//';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return m ? m[1].toLowerCase() : undefined;
}

/** A link a page may keep: an anchor, a relative path, or an `https:` URL. */
export function isAllowedLink(href: string): boolean {
  if (href === '') return false;
  const scheme = linkScheme(href);
  return scheme === undefined || scheme === 'https';
}

/** An image a page may show: one from a relative path, never fetched from elsewhere. */
export function isAllowedImage(src: string): boolean {
  return src !== '' && !src.startsWith('#') && linkScheme(src) === undefined;
}

export interface ActiveContent {
  kind: 'link' | 'image' | 'html';
  /** The destination or the HTML, cut to 80 characters. */
  detail: string;
}

export interface ActiveContentOptions {
  /** Raw HTML that is allowed (Docsmith's own marker comment). */
  allowHtml?: (html: string) => boolean;
}

/**
 * Links, images and raw HTML of `markdown` that a page must not contain, as markdown-it reads it
 * taking every link syntax as a link whatever its scheme. That reading is enough: the preview's
 * markdown-it refuses only some schemes (`javascript:`, `vbscript:`, `file:`, most `data:`),
 * which are never allowed here, so where this reading finds nothing the two readings agree.
 */
export function findActiveContent(markdown: string | Pick<MarkdownCode, 'tokens'>, options: ActiveContentOptions = {}): ActiveContent[] {
  const tokens = typeof markdown === 'string' ? markdownParser('permissive').parse(normaliseMarkdown(markdown), {}) : markdown.tokens;
  const found = new Map<string, ActiveContent>();
  const add = (kind: ActiveContent['kind'], detail: string): void => {
    const item = { kind, detail: detail.slice(0, 80) };
    found.set(`${kind}\0${item.detail}`, item);
  };
  const walk = (list: readonly Token[]): void => {
    for (const t of list) {
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '');
        if (!isAllowedLink(href)) add('link', href);
      } else if (t.type === 'image') {
        const src = String(t.attrGet('src') ?? '');
        if (!isAllowedImage(src)) add('image', src);
      } else if (t.type === 'html_inline' || t.type === 'html_block') {
        if (!options.allowHtml?.(t.content.trim())) add('html', t.content.trim());
      }
      if (t.type !== 'image' && t.children) walk(t.children);
    }
  };
  walk(tokens);
  return [...found.values()];
}
