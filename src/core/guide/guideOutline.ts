/**
 * Reads the outline a model planned, tolerantly (structured JSON, fenced JSON, JSON inside text),
 * and holds it to what was read: every source range is cut to the lines the agent read, sources
 * it never read are dropped, and a section left with none draws on everything read. An answer
 * that holds no usable outline becomes one section over everything read, so a guide is written
 * whatever the outline step returned.
 */
import { parseCitationRef } from '../docs/citations';
import { normaliseRelativePath } from '../docs/pagePaths';
import { MAX_SECTIONS } from './guidePrompts';
import { citableSpan, mergeRanges, type ReadLog, type SourceRange } from './readLog';

export interface OutlineSection {
  heading: string;
  purpose: string;
  /** Ranges read by the agent, merged per file. */
  sources: SourceRange[];
}

export interface GuideOutline {
  title: string;
  sections: OutlineSection[];
  /** What had to be corrected, for the run's report. */
  notes: string[];
}

function plain(value: unknown, max: number): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').replace(/^#+\s*/, '').trim().slice(0, max) : '';
}

function parseJson(text: string): Record<string, unknown> | undefined {
  const cleaned = text.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  const fenced = /^```[\w-]*\s*\n([\s\S]*?)\n```\s*$/.exec(cleaned)?.[1];
  const first = cleaned.indexOf('{');
  const last = cleaned.lastIndexOf('}');
  for (const candidate of [cleaned, fenced, first >= 0 && last > first ? cleaned.slice(first, last + 1) : undefined]) {
    if (!candidate) continue;
    try {
      const v = JSON.parse(candidate) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not JSON; try the next reading
    }
  }
  return undefined;
}

/** A source as the model wrote it (`"path:12-30"` or `{path, start_line, end_line}`) → a range. */
function sourceOf(raw: unknown): SourceRange | undefined {
  if (typeof raw === 'string') {
    const c = parseCitationRef(raw.replace(/^\[|\]$/g, ''));
    return c ? { path: c.path, startLine: c.startLine, endLine: c.endLine } : undefined;
  }
  if (typeof raw === 'object' && raw !== null) {
    const o = raw as Record<string, unknown>;
    const start = Number(o.start_line ?? o.startLine ?? o.start);
    const end = Number(o.end_line ?? o.endLine ?? o.end ?? start);
    if (typeof o.path === 'string' && Number.isInteger(start) && Number.isInteger(end)) return { path: o.path, startLine: start, endLine: end };
  }
  return undefined;
}

/** The read file a model-written path means: exact, or the one read file it is a suffix of. */
function readFileFor(raw: string, reads: ReadLog): string | undefined {
  const p = normaliseRelativePath(raw.replace(/^\/+/, ''));
  if (p === undefined) return undefined;
  if (reads.rangesOf(p).length > 0) return p;
  const matches = reads.files.filter((f) => f.endsWith(`/${p}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Cuts a range to the read lines it overlaps (possibly several read ranges). */
function clip(range: SourceRange, reads: ReadLog): SourceRange[] {
  const file = readFileFor(range.path, reads);
  if (!file) return [];
  const lo = Math.min(range.startLine, range.endLine);
  const hi = Math.max(range.startLine, range.endLine);
  const out: SourceRange[] = [];
  for (const r of reads.rangesOf(file)) {
    const span = citableSpan([r], lo, hi);
    if (span) out.push({ path: file, ...span });
  }
  return out;
}

/** Merges ranges per file, keeping files in first-mentioned order. */
export function mergeSources(ranges: readonly SourceRange[]): SourceRange[] {
  const byFile = new Map<string, SourceRange[]>();
  for (const r of ranges) byFile.set(r.path, [...(byFile.get(r.path) ?? []), r]);
  return [...byFile].flatMap(([path, list]) => mergeRanges(list).map((r) => ({ path, ...r })));
}

export function parseOutline(text: string, topic: string, reads: ReadLog): GuideOutline {
  const notes: string[] = [];
  const everything = reads.all();
  const json = parseJson(text);
  const rawSections = Array.isArray(json?.sections) ? json.sections : [];
  const sections: OutlineSection[] = [];
  for (const raw of rawSections) {
    if (sections.length === MAX_SECTIONS) {
      notes.push(`The outline had more than ${MAX_SECTIONS} sections; the rest were dropped.`);
      break;
    }
    if (typeof raw !== 'object' || raw === null) continue;
    const s = raw as Record<string, unknown>;
    const heading = plain(s.heading ?? s.title, 120);
    if (!heading) continue;
    const asked = (Array.isArray(s.sources) ? s.sources : []).map(sourceOf).filter((r): r is SourceRange => r !== undefined);
    let sources = mergeSources(asked.flatMap((r) => clip(r, reads)));
    if (asked.length > sources.length && asked.some((r) => clip(r, reads).length === 0)) notes.push(`"${heading}" named lines that were never read; they were dropped.`);
    if (sources.length === 0) sources = everything;
    sections.push({ heading, purpose: plain(s.purpose ?? s.summary, 400) || heading, sources });
  }
  const title = plain(json?.title, 160) || topic.slice(0, 160);
  if (sections.length === 0) {
    notes.push(json ? 'The outline had no usable section; the guide is one section.' : 'The outline was not JSON; the guide is one section.');
    sections.push({ heading: 'Answer', purpose: `Answer the question: ${topic}`, sources: everything });
  }
  return { title, sections, notes };
}
