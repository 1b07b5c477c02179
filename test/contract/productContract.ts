// Reads the user-facing contract (../shared/PRODUCT.md beside the repository) into plain data.
import { readFileSync } from 'node:fs';

export interface ContractCommand {
  id: string;
  title: string;
}

export interface ContractSetting {
  key: string;
  /** The "type / default" cell as written. */
  spec: string;
  /** Enum values when the spec starts with `enum`. */
  enumValues?: string[];
  /** Parsed default; `undefined` when the spec names none. */
  defaultValue?: unknown;
  hasDefault: boolean;
}

export interface ProductContract {
  commands: ContractCommand[];
  settings: ContractSetting[];
  statusBarItems: string[];
  /** `Chat participant: id `docsmith.chat`, name `docsmith``. */
  chatParticipants: { id: string; name: string }[];
  /** `View: `docsmith.docs` ("Docsmith Docs", in the Explorer)`. */
  views: { id: string; name: string; container: string }[];
}

/** Splits a Markdown table row on `|`, keeping escaped `\|` inside cells. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Table rows (header and separator skipped) in the section that starts with `## <heading>`. */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`PRODUCT.md has no "## ${heading}" section`);
  const rest = markdown.slice(start + 1);
  const next = rest.indexOf('\n## ');
  const section = next < 0 ? rest : rest.slice(0, next);
  const rows = section.split('\n').filter((l) => l.trim().startsWith('|'));
  return rows.slice(2).map(cells);
}

function unquote(cell: string): string {
  const m = /^`([^`]*)`$/.exec(cell.trim());
  return m ? m[1] : cell.trim();
}

/** `default 256`, `default true`, ``default `docs/generated` ``, `default ""`, `default []`, `default 0.05`. */
function parseDefault(spec: string): { hasDefault: boolean; value?: unknown } {
  const m = /default\s+(`[^`]*`|""|\[\]|true|false|-?\d+(?:\.\d+)?)/.exec(spec);
  if (!m) return { hasDefault: false };
  const raw = m[1];
  if (raw === 'true' || raw === 'false') return { hasDefault: true, value: raw === 'true' };
  if (raw === '""') return { hasDefault: true, value: '' };
  if (raw === '[]') return { hasDefault: true, value: [] };
  if (raw.startsWith('`')) return { hasDefault: true, value: raw.slice(1, -1) };
  return { hasDefault: true, value: Number(raw) };
}

export function parseProductContract(markdown: string): ProductContract {
  const commands = tableRows(markdown, 'Commands').map(([id, title]) => ({ id: unquote(id), title: title.trim() }));
  const settings = tableRows(markdown, 'Settings').map(([key, spec]) => {
    const enumMatch = /^enum\s+(.*?)(;|$)/.exec(spec);
    const enumValues = enumMatch ? [...enumMatch[1].matchAll(/`([^`]+)`/g)].map((x) => x[1]) : undefined;
    const d = parseDefault(spec);
    return { key: unquote(key), spec, enumValues, defaultValue: d.value, hasDefault: d.hasDefault };
  });
  const statusStart = markdown.indexOf('\n## Status bar');
  const statusEnd = markdown.indexOf('\n## ', statusStart + 1);
  const statusSection = markdown.slice(statusStart, statusEnd < 0 ? undefined : statusEnd);
  const statusBarItems = [...statusSection.matchAll(/^- `(docsmith\.[A-Za-z]+)`/gm)].map((m) => m[1]);
  const chatParticipants = [...markdown.matchAll(/^Chat participant: id `([\w.]+)`, name `([\w-]+)`/gm)].map((m) => ({ id: m[1], name: m[2] }));
  const views = [...markdown.matchAll(/^View: `([\w.]+)` \("([^"]+)", in the (\w+)\)/gm)].map((m) => ({ id: m[1], name: m[2], container: m[3].toLowerCase() }));
  return { commands, settings, statusBarItems, chatParticipants, views };
}

export function readProductContract(path: string): ProductContract {
  return parseProductContract(readFileSync(path, 'utf8'));
}
