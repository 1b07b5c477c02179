/** Counts tokens the way the bench reports them: o200k_base (gpt-tokenizer), loaded once. */
type CountFn = (text: string, options?: { disallowedSpecial?: Set<string> }) => number;

let counter: Promise<CountFn> | undefined;

export async function tokenCounter(): Promise<(text: string) => number> {
  counter ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => m.countTokens as CountFn);
  const count = await counter;
  // Source text may contain special-token strings such as `<|endoftext|>`: count them as text.
  const noSpecial = new Set<string>();
  return (text) => count(text, { disallowedSpecial: noSpecial });
}

/**
 * The line numbers of numbered source in a prompt (`12 const`, `13  return`): the number, and the
 * space after it when the line itself starts with none. Removing them leaves the source as scanned.
 */
export const LINE_NUMBER = /^\d+ (?=\S)|^\d+(?=[ \t])/gm;
