/**
 * Reads what a model answered for a page, tolerantly: structured JSON (possibly fenced or with
 * text around it), a `Summary:` line followed by Markdown, or plain Markdown. Reasoning blocks
 * (`<think>`) and a leading top-level heading are dropped; the page heading is ours.
 */

import { readMarkdownCode } from './markdownSource';
import { plainSummary } from './markdownEscape';

export interface PageReply {
  summary: string;
  markdown: string;
}

/** The answer held no usable page. */
export class EmptyReplyError extends Error {
  constructor() {
    super('The model returned no documentation text.');
    this.name = 'EmptyReplyError';
  }
}

/** Longest answer kept, in characters; anything beyond is cut at a line break. */
export const MAX_REPLY_CHARS = 400_000;

export function parsePageReply(raw: string): PageReply {
  let text = raw.split('\0').join('').replace(/\uE000/g, '');
  if (text.length > MAX_REPLY_CHARS) text = text.slice(0, text.lastIndexOf('\n', MAX_REPLY_CHARS) + 1 || MAX_REPLY_CHARS);
  text = text.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  const json = parseJsonReply(text);
  let reply: PageReply;
  if (json) {
    reply = json;
  } else {
    text = unwrapWholeFence(text);
    const m = /^\s*\**summary\**\s*:\s*(.+)\n/i.exec(text);
    reply = m ? { summary: m[1].trim(), markdown: text.slice(m[0].length) } : { summary: '', markdown: text };
  }
  let markdown = unwrapWholeFence(reply.markdown.trim());
  markdown = markdown.replace(/^#\s+[^\n]*\n+/, '').trim();
  const summary = oneLine(reply.summary) || firstParagraph(markdown);
  if (markdown === '' && summary === '') throw new EmptyReplyError();
  return { summary, markdown: markdown === '' ? summary : markdown };
}

/** Whether an answer holds a page at all (worth keeping in the response cache). */
export function isReadablePageReply(raw: string): boolean {
  try {
    parsePageReply(raw);
    return true;
  } catch {
    return false;
  }
}

function parseJsonReply(text: string): PageReply | undefined {
  const candidates = [text, unwrapWholeFence(text)];
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    if (!c.trimStart().startsWith('{')) continue;
    try {
      const v = JSON.parse(c) as Record<string, unknown>;
      const markdown = typeof v.markdown === 'string' ? v.markdown : typeof v.body === 'string' ? v.body : typeof v.content === 'string' ? v.content : undefined;
      if (markdown === undefined) continue;
      return { summary: typeof v.summary === 'string' ? v.summary : '', markdown };
    } catch {
      // not JSON; try the next reading
    }
  }
  return undefined;
}

function unwrapWholeFence(text: string): string {
  const m = /^```[\w-]*\s*\n([\s\S]*?)\n```\s*$/.exec(text.trim());
  return m ? m[1] : text;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The first paragraph of prose (not a heading, list, table, quote or code), as the plain inline
 * Markdown of a summary: at most ~`max` characters, cut at a sentence end when there is one.
 */
export function firstParagraph(markdown: string, max = 300): string {
  const source = readMarkdownCode(markdown);
  const lines = source.text.split('\n');
  for (let i = 0; i < source.tokens.length; i++) {
    const t = source.tokens[i];
    if (t.type !== 'paragraph_open' || t.level !== 0 || !t.map) continue;
    let text = oneLine(lines.slice(t.map[0], t.map[1]).join(' '));
    if (text.length > max) {
      const stop = text.slice(0, max).lastIndexOf('. ');
      if (stop > max / 2) text = text.slice(0, stop + 1);
    }
    const summary = plainSummary(text, max);
    if (summary !== '') return summary;
  }
  return '';
}
