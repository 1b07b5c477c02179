import * as path from 'node:path';
import * as vscode from 'vscode';
import { findCitations } from '../../core/docs/citations';
import { RunLockedError } from '../../core/docs/runLock';
import type { Logger } from '../../core/logger';
import { writeGuide, type GuideResult } from '../../core/guide/guideWriter';
import { toAbortSignal } from '../adapters/cancellation';
import type { DocRunHost } from '../adapters/docRunHost';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { PROVIDERS } from '../../core/providers/providerInfo';
import { guideOutcomeMessage, guideProgressMessage } from '../ui/guideMessages';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { guideOptions, guideServices } from '../adapters/guideRun';
import type { ModelChoice } from '../../core/docs/runSetup';
import { ProviderError } from '../../core/providers/types';
import { providerErrorText } from '../ui/providerErrorText';

export interface ParticipantDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  log: Logger;
}

/** The parts of `vscode.ChatResponseStream` the participant writes with (a test can pass its own). */
export type ChatOutput = Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'reference' | 'anchor' | 'button'>;

/** What the handler needs of a chat request: the question and the `/command`. */
export interface ChatAsk {
  prompt: string;
  command?: string;
}

/**
 * Writes an answer's Markdown into the chat with each citation as an anchor to its lines, so a
 * click opens the code (relative links of a saved page mean nothing in the chat view).
 */
function streamWithAnchors(body: string, root: vscode.Uri, out: ChatOutput): void {
  const citations = findCitations(body);
  let at = 0;
  for (const c of citations) {
    const start = body.indexOf(c.raw, at);
    if (start < 0) continue;
    if (start > at) out.markdown(body.slice(at, start));
    const uri = vscode.Uri.joinPath(root, ...c.path.split('/'));
    out.anchor(new vscode.Location(uri, new vscode.Range(c.startLine - 1, 0, c.endLine - 1, 0)), `${c.path}:${c.startLine}-${c.endLine}`);
    at = start + c.raw.length;
  }
  if (at < body.length) out.markdown(body.slice(at));
}

function costLine(r: GuideResult): string {
  const usd = r.costUsd === undefined ? '$?' : formatUsd(usdToNanos(r.costUsd));
  return vscode.l10n.t('{0} · requests: {1} · tool rounds: {2}, tool calls: {3} · {4}', usd, r.requests, r.rounds, r.toolCalls.total, r.model);
}

/**
 * `@docsmith <question>`: explores the code with the read-only tools and answers once, citations
 * as anchors; `@docsmith /guide <topic>` writes and saves a guide like Write a Guide. Uses
 * Docsmith's own provider and model (not the chat view's model picker); the last line is the cost.
 */
export async function handleChatRequest(deps: ParticipantDeps, ask: ChatAsk, out: ChatOutput, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const question = ask.prompt.trim();
  if (!folder) return { errorDetails: { message: vscode.l10n.t('Open a folder first: @docsmith answers from the code of the workspace.') } };
  if (!vscode.workspace.isTrusted) return { errorDetails: { message: vscode.l10n.t('Docsmith sends code to a model only in a trusted workspace. Trust this workspace to ask @docsmith.') } };
  if (!question) {
    out.markdown(ask.command === 'guide' ? vscode.l10n.t('Give the guide a topic: `@docsmith /guide How does a request reach the database?`') : vscode.l10n.t('Ask a question about this code, e.g. `@docsmith where is the config loaded?`'));
    return {};
  }
  const config = readConfig(folder.uri);
  const label = PROVIDERS[config.provider];
  if (label.key.required && !(await deps.keys.has(config.provider))) {
    out.markdown(vscode.l10n.t('No API key for {0}.', label.displayName));
    out.button({ command: CommandId.setApiKey, arguments: [config.provider], title: vscode.l10n.t('Set API Key') });
    return { errorDetails: { message: vscode.l10n.t('No API key for {0}', label.displayName) } };
  }
  const saving = ask.command === 'guide';
  const abort = toAbortSignal(token);
  let run: ModelChoice | undefined;
  try {
    out.progress(vscode.l10n.t('Preparing {0}…', config.model || label.displayName));
    run = await deps.host.chooseModel(config);
    const services = await deps.host.services(run, config, undefined);
    const result = await writeGuide(
      guideOptions(folder, config, run, question, saving ? 'guide' : 'answer'),
      guideServices(services, run, deps.log),
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'exploration' && !p.toolCall) return;
          const message = guideProgressMessage(p, vscode.l10n.t);
          if (message) out.progress(message);
        },
      },
    );
    const done = result.status === 'answered' || result.status === 'written';
    if (done && result.body) streamWithAnchors(result.body, folder.uri, out);
    else out.markdown(guideOutcomeMessage(result, vscode.l10n.t).message);
    for (const s of result.sources) out.reference(new vscode.Location(vscode.Uri.joinPath(folder.uri, ...s.path.split('/')), new vscode.Range(s.startLine - 1, 0, s.endLine - 1, 0)));
    if (saving && (result.status === 'written' || result.status === 'unchanged')) {
      out.button({ command: 'vscode.open', arguments: [vscode.Uri.file(result.absolutePath)], title: vscode.l10n.t('Open {0}', path.basename(result.pagePath)) });
    }
    out.markdown(`\n\n---\n${costLine(result)}\n`);
    deps.log.info(`@docsmith ${saving ? '/guide' : 'answer'}: ${result.status}; ${costLine(result)}`);
    return { metadata: { status: result.status, pagePath: saving ? result.pagePath : undefined, costUsd: result.costUsd, requests: result.requests, sources: result.sources.length } };
  } catch (error) {
    if (error instanceof RunLockedError) return { errorDetails: { message: vscode.l10n.t('Docsmith is already writing to the output folder (another window or the CLI). Try again when it finishes.') } };
    deps.log.error(error instanceof Error ? error : String(error));
    if (!(error instanceof ProviderError)) return { errorDetails: { message: error instanceof Error ? error.message : String(error) } };
    // A provider's error in the user's words, with the button that fixes it (a model that can call tools, a key).
    const text = providerErrorText(error, { provider: config.provider, model: run?.model }, vscode.l10n.t);
    if (text.actions.includes('selectModel')) out.button({ command: CommandId.selectModel, title: vscode.l10n.t('Select Model') });
    if (text.actions.includes('setApiKey')) out.button({ command: CommandId.setApiKey, arguments: [config.provider], title: vscode.l10n.t('Set API Key') });
    return { errorDetails: { message: text.message }, metadata: { status: 'failed', reason: error.reason } };
  } finally {
    abort.dispose();
  }
}
