/**
 * What the scanner leaves out: nested `.gitignore` files (git semantics, via the `ignore`
 * package, case-sensitive unless the repository sets `core.ignorecase`), `files.exclude` and `docsmith.exclude` (full workspace-relative path globs via
 * picomatch), folders that are never documented, and the output folder.
 * Matchers are built once per scan (globs) or once per `.gitignore` file, never per path.
 */
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Folder names skipped wherever they appear: version control, dependencies, editor settings. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode', '.idea']);

/**
 * Files a tool writes and nobody reads as documentation (dependency lock files). They are listed
 * as skipped (`generated`) rather than given a page of their own.
 */
export const GENERATED_FILE_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'composer.lock',
  'Gemfile.lock',
  'go.sum',
  'packages.lock.json',
]);

/** Git's verdict on one path from one `.gitignore`: the last matching rule, if any. */
interface RuleVerdict {
  ignored: boolean;
  unignored: boolean;
}

/** One `.gitignore` file and the folder it applies to (`''` for the root). */
export interface GitignoreLayer {
  base: string;
  /** Tests a path relative to `base` (folders with a trailing `/`) against this file's rules alone. */
  test: (relativeToBase: string) => RuleVerdict;
}

/** The part of `ignore`'s rule list that tests one path without looking at its parent folders. */
interface OwnRules {
  test(path: string, mode: 'regex'): RuleVerdict;
}

/**
 * The walk never enters an ignored folder, so a path's own verdict is all it needs. `ignore`'s
 * public `test()` also re-tests every parent folder and remembers every path it was given (one
 * dictionary entry per file of the workspace, most of the time the scan spent on `.gitignore`
 * rules); its rule list answers for the path alone. When a future `ignore` no longer has that
 * list, the public `test()` gives the same verdicts, only slower.
 */
function ownRulesOf(rules: Ignore): OwnRules | undefined {
  const inner = (rules as unknown as { _rules?: Partial<OwnRules> })._rules;
  return typeof inner?.test === 'function' ? (inner as OwnRules) : undefined;
}

/**
 * Parses one `.gitignore` (or `.git/info/exclude`) text into a layer for folder `base`. Patterns
 * match case-sensitively, as git does, unless the repository sets `core.ignorecase`
 * (`ignoreCase`); the `ignore` package on its own ignores case.
 */
export function gitignoreLayer(base: string, text: string, ignoreCase: boolean): GitignoreLayer {
  const rules = ignore({ allowRelativePaths: true, ignoreCase }).add(text);
  const own = ownRulesOf(rules);
  return { base, test: own ? (p) => own.test(p, 'regex') : (p) => rules.test(p) };
}

/** True when gitignore layers test paths by their own rules alone (the fast path above). */
export function gitignoreTestsOwnRules(): boolean {
  return ownRulesOf(ignore()) !== undefined;
}

/**
 * Git's answer for `relativePath` given the layers from the root down to its folder: the deepest
 * `.gitignore` with a matching rule decides, and within a file the last matching rule wins. The
 * caller has already found every folder above `relativePath` not ignored.
 */
export function isGitignored(relativePath: string, isDirectory: boolean, layers: readonly GitignoreLayer[]): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const sub = layer.base === '' ? relativePath : relativePath.slice(layer.base.length + 1);
    const verdict = layer.test(isDirectory ? `${sub}/` : sub);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/** Turns a user-written folder setting into a clean workspace-relative path (`''` = none). */
export function normaliseRelativeDir(dir: string | undefined): string {
  if (!dir) return '';
  let out = dir.replace(/\\/g, '/').trim();
  while (out.startsWith('./')) out = out.slice(2);
  out = out.replace(/\/+$/, '');
  return out === '.' ? '' : out;
}

/** Turns a glob into picomatch's workspace-relative form (`/`, no leading `./` or `/`). */
export function normaliseGlob(glob: string): string {
  let out = glob.replace(/\\/g, '/').trim();
  while (out.startsWith('./')) out = out.slice(2);
  if (out.startsWith('/')) out = out.slice(1);
  return out;
}

export interface ExcludeOptions {
  /** `docsmith.exclude`. */
  exclude?: readonly string[];
  /** `files.exclude` entries whose value is true. */
  filesExclude?: readonly string[];
  /** Output folder, workspace-relative. */
  outputDirectory?: string;
}

/** A path test built once per scan. */
export type ExcludeTest = (relativePath: string) => boolean;

/**
 * Builds the exclusion test: full-path globs (a glob without `**` matches from the root only;
 * `build/**` also covers the `build` folder itself) plus the output folder.
 */
export function createExcludeTest(options: ExcludeOptions): ExcludeTest {
  const globs = [...(options.exclude ?? []), ...(options.filesExclude ?? [])].map(normaliseGlob).filter((g) => g !== '');
  const matches = globs.length > 0 ? picomatch(globs, { dot: true }) : undefined;
  const output = normaliseRelativeDir(options.outputDirectory);
  return (relativePath: string): boolean => {
    if (output !== '' && (relativePath === output || relativePath.startsWith(`${output}/`))) return true;
    return matches !== undefined && matches(relativePath);
  };
}
