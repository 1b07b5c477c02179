/**
 * Which scanned files get a page of their own. By default only source code does: prose, licence,
 * changelog, lock, manifest, ignore and data files are read by people directly, and a generated
 * page about them is noise in the index and money spent for nothing. `docsmith.include` globs opt
 * such files in. The project's README and manifest still reach the overview, as context.
 *
 * Every caller that needs the page set (the run, staleness checks, the docs view) asks here, so
 * the decision is made in one place.
 */
import picomatch from 'picomatch';
import { languageForPath } from './fileLanguage';
import { normaliseGlob } from './ignoreRules';

/** Language ids of source code: files in these languages get a page by default. */
const CODE_LANGUAGES: ReadonlySet<string> = new Set([
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'rust', 'java', 'csharp',
  'c', 'cpp', 'ruby', 'php', 'shellscript', 'css', 'scss', 'html', 'sql', 'kotlin', 'swift', 'dockerfile', 'makefile',
]);

/** True when a file in `language` (VS Code's id, as the scanner assigns it) gets a page by default. */
export function isDocumentedByDefault(relativePath: string, language: string = languageForPath(relativePath)): boolean {
  return CODE_LANGUAGES.has(language);
}

/** A file as the page set sees it. */
export interface PageSetFile {
  path: string;
  language: string;
}

/** `docsmith.include`: full workspace-relative path globs, as `docsmith.exclude` takes them. */
export type PageSetTest = (file: PageSetFile) => boolean;

/** The page-set test for a run: source code, plus whatever `include` names. */
export function createPageSetTest(include: readonly string[] = []): PageSetTest {
  const globs = include.map(normaliseGlob).filter((g) => g !== '');
  const included = globs.length > 0 ? picomatch(globs, { dot: true }) : undefined;
  return (file) => isDocumentedByDefault(file.path, file.language) || (included !== undefined && included(file.path));
}

export interface PageSet<T extends PageSetFile> {
  /** Files that get a page of their own. */
  documented: T[];
  /** Files left without a page because they are not code (listed once in the overview). */
  notCode: T[];
}

/** Splits scanned files into those that get a page and those that are not code. Order is kept. */
export function selectPageSet<T extends PageSetFile>(files: readonly T[], include: readonly string[] = []): PageSet<T> {
  const test = createPageSetTest(include);
  const documented: T[] = [];
  const notCode: T[] = [];
  for (const f of files) (test(f) ? documented : notCode).push(f);
  return { documented, notCode };
}
