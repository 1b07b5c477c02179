/**
 * Doc-comment text in each language's convention, from the model's description: the summary,
 * one entry per parameter it described and a return entry when the target needs one and it was
 * described. Nothing is made up: an entry the model did not describe is left out, never filled
 * with placeholder prose. Lines are returned without indentation.
 */
import { paramDescription, type DocCommentTarget, type SymbolDescription } from './docTargets';

/** Renders the lines of one doc comment (or docstring) for a target. */
export type CommentRenderer = (target: DocCommentTarget, description: SymbolDescription) => string[];

interface Texts {
  summary: string[];
  params: Array<{ name: string; text: string }>;
  returns?: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function texts(target: DocCommentTarget, description: SymbolDescription, escape: (s: string) => string): Texts {
  const summary = description.summary.trim().split(/\r\n|\r|\n/).map((line) => escape(line.trimEnd()));
  const params = target.params.flatMap((name) => {
    const text = paramDescription(description, name);
    return text ? [{ name, text: escape(oneLine(text)) }] : [];
  });
  const out: Texts = { summary, params };
  if (target.needsReturns && description.returns) out.returns = escape(oneLine(description.returns));
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
  // "Makes a store." → "New makes a store."; acronyms ("HTTP …") keep their case.
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
