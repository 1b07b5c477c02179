/**
 * The structured answer the model gives for doc comments: one object per symbol key with a
 * summary, one description per parameter and a return description where one is needed.
 */
import type { DocCommentTarget, DocDescriptions, SymbolDescription } from './docTargets';
import { wholePartOfJson } from '../cutAnswer';

type JsonSchema = Record<string, unknown>;

/** JSON schema (strict-mode compatible: every property required, no extras) for `targets`. */
export function docCommentAnswerSchema(targets: readonly DocCommentTarget[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const target of targets) {
    const params: Record<string, JsonSchema> = {};
    for (const name of target.params) params[name] = { type: 'string', description: `What \`${name}\` is for.` };
    const entry: Record<string, JsonSchema> = {
      summary: { type: 'string', description: 'One or two sentences: what it does, not how.' },
      params: { type: 'object', properties: params, required: [...target.params], additionalProperties: false },
    };
    if (target.needsReturns) entry.returns = { type: 'string', description: 'What the return value is.' };
    properties[target.key] = {
      type: 'object',
      properties: entry,
      required: target.needsReturns ? ['summary', 'params', 'returns'] : ['summary', 'params'],
      additionalProperties: false,
    };
  }
  return { type: 'object', properties, required: targets.map((t) => t.key), additionalProperties: false };
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** What an answer gave: the descriptions, and the keys it left without a readable entry. */
export interface DocCommentAnswer {
  descriptions: DocDescriptions;
  /**
   * Keys whose entry was missing or not shaped like the schema (or the whole answer was not
   * readable JSON): asking again for them can help. A key with an empty summary is in neither
   * list: the model chose not to describe it.
   */
  malformed: string[];
}

/**
 * Reads a model answer (object or JSON text, optionally inside a ```json fence) into
 * descriptions, keeping only known keys and parameter names. An answer cut off mid-way (the output
 * limit) gives the entries that closed before the cut; the rest count as malformed.
 */
export function readDocCommentAnswer(answer: unknown, targets: readonly DocCommentTarget[]): DocCommentAnswer {
  let value = answer;
  if (typeof value === 'string') {
    const text = value;
    const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
    const body = fenced ? fenced[1] : text.slice(Math.max(0, text.indexOf('{')), text.lastIndexOf('}') + 1);
    try {
      value = JSON.parse(body);
    } catch {
      // Cut off (or broken later on): the symbols' entries that closed are whole.
      value = wholePartOfJson(fenced ? fenced[1] : text.slice(Math.max(0, text.indexOf('{'))), 1);
    }
  }
  if (typeof value !== 'object' || value === null) return { descriptions: {}, malformed: targets.map((t) => t.key) };
  const record = value as Record<string, unknown>;
  const out: DocCommentAnswer = { descriptions: {}, malformed: [] };
  for (const target of targets) {
    const raw = record[target.key];
    if (typeof raw !== 'object' || raw === null || typeof (raw as Record<string, unknown>).summary !== 'string') {
      out.malformed.push(target.key);
      continue;
    }
    const entry = raw as Record<string, unknown>;
    const summary = asText(entry.summary);
    if (!summary) continue;
    const params: Record<string, string> = {};
    const rawParams = typeof entry.params === 'object' && entry.params !== null ? (entry.params as Record<string, unknown>) : {};
    for (const name of target.params) {
      const text = asText(rawParams[name]);
      if (text) params[name] = text;
    }
    const description: SymbolDescription = { summary, params };
    const returns = asText(entry.returns);
    if (target.needsReturns && returns) description.returns = returns;
    out.descriptions[target.key] = description;
  }
  return out;
}

/** The descriptions of an answer; anything malformed is dropped. */
export function parseDocCommentAnswer(answer: unknown, targets: readonly DocCommentTarget[]): DocDescriptions {
  return readDocCommentAnswer(answer, targets).descriptions;
}
