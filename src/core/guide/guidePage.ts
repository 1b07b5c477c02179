/**
 * The Markdown of a guide: the question, the sections, and a Sources list of every range the agent
 * read. Sections go through the engine's citation validation with one more rule — only lines read
 * through the tools may be cited — so every citation on disk points at lines that exist and that
 * the agent saw.
 */
import { countInvalidCitations, validatePage, type CitationCounts, type CitationIssue } from '../docs/pageValidator';
import { formatCitation } from '../docs/citations';
import { mapProse } from '../docs/markdownText';
import { MARKER_LINE } from '../docs/pageContent';
import { escapeMarkdownText } from '../docs/markdownEscape';
import { pageToSourceLink } from '../docs/pagePaths';
import { assertInertPage } from '../docs/pageSafety';
import type { ReadLog } from './readLog';

export interface GuideSectionText {
  heading: string;
  markdown: string;
}

export interface GuidePageInput {
  pagePath: string;
  root: string;
  outputDirAbs: string;
  title: string;
  topic: string;
  sections: readonly GuideSectionText[];
  reads: ReadLog;
  /** Every readable workspace file (links to files are kept). */
  workspaceFiles: Iterable<string>;
  /** `Written with … ` line under the sources. */
  footer: string;
}

export interface GuidePage {
  markdown: string;
  /** The validated body alone (sections), for the chat and the preview. */
  body: string;
  citations: CitationCounts;
  issues: CitationIssue[];
  /** Citations in the page as written, all valid. */
  onDisk: { total: number; invalid: number };
}

/** `### x` stays, `## x` → `### x` in prose: a section's own headings nest under its `##`. */
function nestHeadings(markdown: string): string {
  return mapProse(markdown, (prose) => prose.replace(/^(#{1,2}) /gm, '### '));
}

/** Validates sections (citations limited to what was read) and assembles the page. */
export function buildGuidePage(input: GuidePageInput): GuidePage {
  const { reads } = input;
  // Files never read may still be linked to; their length is not known and never needed, since a
  // citation of a file that was not read is removed as not read before its length matters.
  const files = new Map<string, number>();
  for (const f of input.workspaceFiles) files.set(f, reads.lineCountOf(f) ?? Number.MAX_SAFE_INTEGER);
  const sourceLink = (p: string): string => pageToSourceLink(input.pagePath, p, input.root, input.outputDirAbs);
  const body = input.sections.map((s) => `## ${escapeMarkdownText(s.heading.replace(/\s+/g, ' ').trim(), { heading: true })}\n\n${nestHeadings(s.markdown.trim())}`).join('\n\n');
  const validation = validatePage(body, {
    pagePath: input.pagePath,
    files,
    pages: new Set([input.pagePath]),
    folders: new Set<string>(),
    identifiers: new Set<string>(),
    sourceLink,
    citable: reads.citable,
  });
  const sources = reads.all().map((r) => `- ${formatCitation(r, sourceLink(r.path))}`);
  const markdown = [
    `${MARKER_LINE}\n# ${escapeMarkdownText(input.title, { heading: true })}`,
    `> **Question:** ${escapeMarkdownText(input.topic.replace(/\s+/g, ' ').trim())}`,
    validation.markdown.trim(),
    `## Sources\n\nThe lines read while writing this guide:\n\n${sources.length > 0 ? sources.join('\n') : '- (no code was read)'}`,
    `---\n\n${input.footer}`,
  ].join('\n\n');
  const readCounts = new Map(reads.files.map((f) => [f, reads.lineCountOf(f) ?? 0]));
  const check = countInvalidCitations(markdown, readCounts);
  if (check.invalid > 0) throw new Error(`internal: ${check.invalid} invalid citations survived validation in ${input.pagePath}`);
  assertInertPage(markdown, input.pagePath);
  return { markdown: `${markdown}\n`, body: validation.markdown.trim(), citations: validation.citations, issues: validation.issues, onDisk: check };
}

/** `How does a request reach the router?` → `how-does-a-request-reach-the-router`. */
export function slugForTopic(topic: string): string {
  const slug = topic
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'guide';
}
