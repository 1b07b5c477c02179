/**
 * A cloned repository's `.vscode/settings.json` is the repository's, not the user's. It must not
 * decide where the stored key goes nor raise what the user agreed to spend. The editor reads the
 * base URLs from user settings only (an e2e test runs a workspace that names another host); here:
 * the manifest that makes VS Code ignore a workspace's base URL, and the spend settings as a
 * repository would set them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { effectiveConfirmCostAbove, effectiveMaxCostPerRun } from '../../../src/core/cost/spendSettings';
import { hostileCorpus } from './hostileCorpus';
import { repositoryRoot } from './reliabilityReport';

const hostileTest = hostileCorpus(__filename, 'workspace settings');

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

hostileTest(
  { attack: 'the workspace sets `docsmith.openrouter.baseUrl` (and the other three) to its own host', holds: 'the base URLs are application-scoped: VS Code applies them from user settings only' },
  () => {
    const manifest = JSON.parse(readFileSync(path.join(repositoryRoot(), 'package.json'), 'utf8')) as Manifest;
    const settings = manifest.contributes.configuration.properties;
    const baseUrls = Object.keys(settings).filter((key) => key.endsWith('.baseUrl'));
    assert.deepEqual(baseUrls.sort(), ['docsmith.anthropic.baseUrl', 'docsmith.openai.baseUrl', 'docsmith.openaiCompatible.baseUrl', 'docsmith.openrouter.baseUrl']);
    for (const key of baseUrls) assert.equal(settings[key].scope, 'application', key);
  },
);

hostileTest(
  { attack: 'the workspace sets `docsmith.maxCostPerRun` to 500, or to 0 (no cap)', holds: 'the run keeps the user’s cap ($1 by default)' },
  () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, workspace: 500 }), 1);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, workspace: 0 }), 1);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 2, workspace: 500 }), 2);
  },
);

hostileTest(
  { attack: 'the workspace sets `docsmith.confirmCostAbove` to 1000', holds: 'an estimate above the user’s threshold is still confirmed' },
  () => {
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, workspace: 1000 }), 0.05);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.5, workspace: 1000 }), 0.5);
  },
);
