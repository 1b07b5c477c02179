/**
 * The last two guards around a page: what a model answered is masked for key-shaped strings
 * before it is written anywhere or sent again, and a page about to be written holds nothing a
 * Markdown preview would treat as active (a link to another scheme, a remote image, raw HTML).
 */
import type { PageReply } from './modelReply';
import { redactSource } from './redactSource';
import { findActiveContent } from './activeContent';
import { isMarkerComment } from './pageContent';
import { readMarkdownCode, type MarkdownCode } from './markdownSource';
import { countInvalidCitations } from './pageValidator';

/** The answer with key-shaped strings masked, in its summary and its page text. */
export function maskReply(reply: PageReply): PageReply {
  return { summary: redactSource(reply.summary), markdown: redactSource(reply.markdown) };
}

/** Throws when the assembled page holds active content; validation should have made that impossible. */
export function assertInertPage(markdown: string | MarkdownCode, pagePath: string): void {
  const active = findActiveContent(markdown, { allowHtml: isMarkerComment });
  if (active.length > 0) throw new Error(`internal: active ${active[0].kind} survived validation in ${pagePath}: ${active[0].detail}`);
}

/**
 * The last check of an assembled page before it is written, read as a whole (what was put around
 * the validated text is checked with it): every citation in its prose names a workspace file and
 * lines inside it, and nothing in it is active. Returns how many citations it holds; throws when
 * either check fails, which validation should have made impossible.
 */
export function checkAssembledPage(content: string, pagePath: string, files: ReadonlyMap<string, number>): { citations: number } {
  const page = readMarkdownCode(content);
  const check = countInvalidCitations(page, files);
  if (check.invalid > 0) throw new Error(`internal: ${check.invalid} invalid citations survived validation in ${pagePath}`);
  assertInertPage(page, pagePath);
  return { citations: check.total };
}
