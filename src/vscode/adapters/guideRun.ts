import type * as vscode from 'vscode';
import type { DocRunServices } from '../../core/docs/runScope';
import type { GuideOptions, GuideServices } from '../../core/guide/guideWriter';
import type { Logger } from '../../core/logger';
import { enabledFilesExclude } from '../commands/runPreflight';
import type { ModelChoice } from '../../core/docs/runSetup';
import type { DocsmithConfig } from './settings';
import { requireGuideTools } from '../../core/guide/guideToolCheck';

/** The writer's options for a guide (or a chat answer) on a workspace folder, from the settings. */
export function guideOptions(folder: vscode.WorkspaceFolder, config: DocsmithConfig, run: ModelChoice, topic: string, mode: GuideOptions['mode'] = 'guide'): GuideOptions {
  return {
    root: folder.uri.fsPath,
    outputDirectory: config.outputDirectory,
    topic,
    provider: run.provider,
    model: run.model,
    maxOutputTokens: config.maxOutputTokens,
    temperature: config.temperature,
    concurrency: config.concurrency,
    maxToolRounds: config.guideMaxToolRounds,
    exclude: config.exclude,
    filesExclude: enabledFilesExclude(folder),
    maxFileSizeKB: config.maxFileSizeKB,
    structuredOutput: run.structured,
    mode,
  };
}

/**
 * The writer's services from a documentation run's (same chat, parser, ledger, cap, history), and
 * the check that the chosen model can call tools, made before the first request.
 */
export function guideServices(services: DocRunServices, run: ModelChoice, log: Logger, confirm?: GuideServices['confirm']): GuideServices {
  return { chat: services.chat, parse: services.parse, ledger: services.ledger, spendCap: services.spendCap, pastOutput: services.pastOutput, confirm, log, requireTools: () => requireGuideTools(run) };
}
