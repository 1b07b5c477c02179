import * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { isProviderId, KEYED_PROVIDER_IDS, PROVIDERS } from '../../core/providers/providerInfo';
import { pickKeyedProvider } from '../ui/providerPick';

/**
 * `docsmith.setApiKey`: asks for the provider when it cannot tell (the configured provider takes no
 * key), then for the key in a password box. Scripts may pass `(provider, key)` and skip both.
 * Resolves to true when a key was stored. `{ quiet: true }` leaves the "stored" message to the
 * caller (a command offering to resume).
 */
export async function setApiKey(keys: SecretKeyStore, providerArg?: unknown, keyArg?: unknown, options?: unknown): Promise<boolean> {
  const quiet = typeof options === 'object' && options !== null && (options as { quiet?: unknown }).quiet === true;
  if (providerArg !== undefined && !(isProviderId(providerArg) && PROVIDERS[providerArg].key.accepted)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Docsmith: "{0}" is not a provider that takes an API key. Use one of: {1}.', String(providerArg), KEYED_PROVIDER_IDS.join(', ')),
    );
    return false;
  }
  if (providerArg !== undefined && typeof keyArg === 'string') {
    if (!keyArg.trim()) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Docsmith: an API key cannot be empty.'));
      return false;
    }
    await keys.set(providerArg, keyArg);
    return true;
  }
  let provider: ProviderId | undefined = providerArg;
  if (!provider) {
    const configured = readConfig().provider;
    provider = PROVIDERS[configured].key.accepted ? configured : await pickKeyedProvider(keys, vscode.l10n.t('Set API Key for which provider?'));
  }
  while (provider) {
    const answer = await askForKey(provider);
    if (answer === undefined) return false;
    if (answer === 'switch') {
      provider = await pickKeyedProvider(keys, vscode.l10n.t('Set API Key for which provider?'));
      continue;
    }
    await keys.set(provider, answer);
    if (quiet) return true;
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Docsmith stored your {0} API key in VS Code's secret storage.", PROVIDERS[provider].displayName),
    );
    return true;
  }
  return false;
}

/** The password box. Resolves to the key, `'switch'` to choose another provider, or undefined when dismissed. */
async function askForKey(provider: ProviderId): Promise<string | 'switch' | undefined> {
  const label = PROVIDERS[provider];
  const disposables: vscode.Disposable[] = [];
  const box = vscode.window.createInputBox();
  disposables.push(box);
  try {
    box.title = vscode.l10n.t('Docsmith: Set API Key for {0}', label.displayName);
    box.password = true;
    box.ignoreFocusOut = true;
    box.placeholder = label.key.prefix ? `${label.key.prefix}…` : vscode.l10n.t('API key (leave the server default if it needs none)');
    box.prompt = vscode.l10n.t("Paste your {0} API key. It is kept in VS Code's secret storage, never in settings.", label.displayName);
    const openPage: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open the {0} key page', label.displayName) };
    const switchProvider: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('arrow-swap'), tooltip: vscode.l10n.t('Choose another provider') };
    box.buttons = label.key.pageUrl ? [openPage, switchProvider] : [switchProvider];
    return await new Promise<string | 'switch' | undefined>((resolve) => {
      disposables.push(
        box.onDidChangeValue((value) => {
          box.validationMessage = formatHint(provider, value);
        }),
        box.onDidTriggerButton((button) => {
          if (button === openPage && label.key.pageUrl) void vscode.env.openExternal(vscode.Uri.parse(label.key.pageUrl));
          if (button === switchProvider) {
            resolve('switch');
            box.hide();
          }
        }),
        box.onDidAccept(() => {
          const value = box.value.trim();
          if (!value) {
            box.validationMessage = { message: vscode.l10n.t('Paste a key, or press Escape to cancel.'), severity: vscode.InputBoxValidationSeverity.Error };
            return;
          }
          resolve(value);
          box.hide();
        }),
        box.onDidHide(() => resolve(undefined)),
      );
      box.show();
    });
  } finally {
    for (const d of disposables) d.dispose();
  }
}

/** A gentle warning when a key does not look like the provider's keys; it can still be stored. */
function formatHint(provider: ProviderId, value: string): vscode.InputBoxValidationMessage | undefined {
  const { displayName } = PROVIDERS[provider];
  const keyPrefix = PROVIDERS[provider].key.prefix;
  const v = value.trim();
  if (!v || !keyPrefix || v.startsWith(keyPrefix)) return undefined;
  return {
    message: vscode.l10n.t('{0} keys usually start with "{1}".', displayName, keyPrefix),
    severity: vscode.InputBoxValidationSeverity.Warning,
  };
}
