/**
 * Doc-comment text in each language's convention. Every renderer writes one entry per
 * parameter and a return entry when the target needs one; descriptions come from the model,
 * or a visible placeholder when it gave none. Lines are returned without indentation.
 */
import { paramDescription, type DocCommentTarget, type SymbolDescription } from './docTargets';

export const PLACEHOLDER = 'TODO: describe.';

/** Renders the lines of one doc comment (or docstring) for a target. */
export type CommentRenderer = (target: DocCommentTarget, description: SymbolDescription | undefined) => string[];

interface Texts {
  summary: string[];
  params: Array<{ name: string; text: string }>;
  returns?: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function texts(target: DocCommentTarget, description: SymbolDescription | undefined, escape: (s: string) => string): Texts {
  const summaryText = description?.summary.trim() || PLACEHOLDER;
  const summary = summaryText.split(/\r\n|\r|\n/).map((line) => escape(line.trimEnd()));
  const params = target.params.map((name) => ({ name, text: escape(oneLine(paramDescription(description, name) ?? PLACEHOLDER)) }));
  const out: Texts = { summary, params };
  if (target.needsReturns) out.returns = escape(oneLine(description?.returns ?? PLACEHOLDER));
  return out;
}

const escapeBlockComment = (s: string): string => s.replace(/\*\//g, '*\\/');

/** `/** … *\/` with `@param`/`@returns` (TSDoc, JSDoc) or `@param`/`@return` (Javadoc). */
function blockComment(returnTag: string, paramSeparator: string): CommentRenderer {
  return (target, description) => {
    const t = texts(target, description, escapeBlockComment);
    const body = [...t.summary];
    const tags = t.params.map((p) => `@param ${p.name}${paramSeparator}${p.text}`);
    if (t.returns !== undefined) tags.push(`${returnTag} ${t.returns}`);
    if (tags.length > 0) body.push('', ...tags);
    return ['/**', ...body.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'];
  };
}

const jsDoc = blockComment('@returns', ' - ');
const javadoc = blockComment('@return', ' ');

const pythonDocstring: CommentRenderer = (target, description) => {
  const t = texts(target, description, (s) => s.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"'));
  const lines = [...t.summary];
  if (t.params.length > 0) lines.push('', 'Args:', ...t.params.map((p) => `    ${p.name}: ${p.text}`));
  if (t.returns !== undefined) lines.push('', 'Returns:', `    ${t.returns}`);
  lines[0] = `"""${lines[0]}`;
  if (lines.length === 1) lines[0] += '"""';
  else lines.push('"""');
  return lines;
};

/** Go: starts with the symbol's name, as `go doc` and linters expect. */
const goComment: CommentRenderer = (target, description) => {
  const t = texts(target, description, (s) => s);
  const name = target.symbol.name;
  const summary = t.summary[0];
  // "Makes a store." → "New makes a store."; acronyms ("HTTP …") and the placeholder keep their case.
  const lowered = /^\p{Lu}\p{Ll}/u.test(summary) ? summary.charAt(0).toLowerCase() + summary.slice(1) : summary;
  const first = summary.startsWith(`${name} `) ? summary : `${name} ${lowered}`;
  const lines = [first, ...t.summary.slice(1)];
  if (t.params.length > 0) lines.push('', 'Parameters:', ...t.params.map((p) => `  - ${p.name}: ${p.text}`));
  if (t.returns !== undefined) lines.push('', `Returns: ${t.returns}`);
  return lines.map((line) => (line === '' ? '//' : `// ${line}`));
};

const rustDoc: CommentRenderer = (target, description) => {
  const t = texts(target, description, (s) => s);
  const lines = [...t.summary];
  if (t.params.length > 0) lines.push('', '# Arguments', '', ...t.params.map((p) => `* \`${p.name}\` - ${p.text}`));
  if (t.returns !== undefined) lines.push('', '# Returns', '', t.returns);
  return lines.map((line) => (line === '' ? '///' : `/// ${line}`));
};

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const csharpXml: CommentRenderer = (target, description) => {
  const t = texts(target, description, escapeXml);
  const lines = ['<summary>', ...t.summary, '</summary>', ...t.params.map((p) => `<param name="${escapeXml(p.name)}">${p.text}</param>`)];
  if (t.returns !== undefined) lines.push(`<returns>${t.returns}</returns>`);
  return lines.map((line) => `/// ${line}`);
};

export const COMMENT_RENDERERS: Readonly<Record<string, CommentRenderer>> = {
  typescript: jsDoc,
  typescriptreact: jsDoc,
  javascript: jsDoc,
  javascriptreact: jsDoc,
  python: pythonDocstring,
  go: goComment,
  rust: rustDoc,
  java: javadoc,
  csharp: csharpXml,
};
