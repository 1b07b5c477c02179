import * as vscode from 'vscode';
import { handleChatRequest, type ChatOutput, type ParticipantDeps } from './docsmithParticipant';

/** A cited range of the workspace, as the answer anchors or references it. */
export interface ChatRange {
  path: string;
  startLine: number;
  endLine: number;
}

/** What `@docsmith` wrote for one question, in the order the chat view would show it. */
export interface ChatTranscript {
  /** The answer's Markdown, anchors written inline as `path:start-end`. */
  markdown: string;
  progress: string[];
  anchors: ChatRange[];
  references: ChatRange[];
  buttons: string[];
  result: vscode.ChatResult;
}

/**
 * The API `activate` returns to other extensions: ask `@docsmith` a question (or `/guide` a topic)
 * without the chat view, e.g. from an editor that has no chat or from an extension's own UI.
 */
export interface DocsmithApi {
  chat: {
    ask(question: string, options?: { command?: 'guide'; token?: vscode.CancellationToken }): Promise<ChatTranscript>;
  };
}

function rangeOf(location: vscode.Location, root: vscode.Uri): ChatRange {
  return {
    path: vscode.workspace.asRelativePath(location.uri, false) || location.uri.path.slice(root.path.length + 1),
    startLine: location.range.start.line + 1,
    endLine: location.range.end.line + 1,
  };
}

/** Runs the participant's handler with an output that records what it writes. */
export function createDocsmithApi(deps: ParticipantDeps, ready: Promise<unknown>): DocsmithApi {
  return {
    chat: {
      async ask(question, options = {}) {
        await ready;
        const root = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/');
        const transcript: Omit<ChatTranscript, 'result'> = { markdown: '', progress: [], anchors: [], references: [], buttons: [] };
        const text = (value: string | vscode.MarkdownString): string => (typeof value === 'string' ? value : value.value);
        const out: ChatOutput = {
          markdown: (value) => void (transcript.markdown += text(value)),
          progress: (value) => void transcript.progress.push(value),
          anchor: (target, title) => {
            if (!(target instanceof vscode.Location)) return;
            const range = rangeOf(target, root);
            transcript.anchors.push(range);
            transcript.markdown += title ?? `${range.path}:${range.startLine}-${range.endLine}`;
          },
          reference: (value) => {
            if (value instanceof vscode.Location) transcript.references.push(rangeOf(value, root));
          },
          button: (command) => void transcript.buttons.push(command.title),
        };
        const source = options.token ? undefined : new vscode.CancellationTokenSource();
        try {
          const result = await handleChatRequest(deps, { prompt: question, command: options.command }, out, options.token ?? source!.token);
          return { ...transcript, result };
        } finally {
          source?.dispose();
        }
      },
    },
  };
}
