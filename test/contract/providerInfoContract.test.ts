// The provider descriptors (src/core/providers/providerInfo.ts) against package.json: the settings a
// user sees and the defaults the code falls back to must be the same list and the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HTTP_PROVIDER_IDS, PROVIDERS } from '../../src/core/providers/providerInfo';
import { PROVIDER_IDS } from '../../src/core/providers/types';
import { PROVIDER_SETTINGS } from '../../src/core/providerResolution';

// Compiled to out/test/contract: the repository root is three folders up.
const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[] }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
};
const settings = manifest.contributes.configuration.properties;

test('docsmith.provider offers auto, then exactly the described providers, in their order', () => {
  assert.deepEqual(settings['docsmith.provider'].enum, [...PROVIDER_SETTINGS]);
  assert.deepEqual(PROVIDER_SETTINGS, ['auto', ...PROVIDER_IDS]);
  for (const id of PROVIDER_IDS) assert.equal(PROVIDERS[id].id, id, `PROVIDERS.${id} describes ${PROVIDERS[id].id}`);
});

test("each HTTP provider's base URL setting defaults to its descriptor's base URL", () => {
  for (const id of HTTP_PROVIDER_IDS) {
    const setting = settings[`docsmith.${id}.baseUrl`];
    assert.ok(setting, `package.json has no docsmith.${id}.baseUrl`);
    assert.equal(setting.default, PROVIDERS[id].defaultBaseUrl, `docsmith.${id}.baseUrl default`);
  }
  const baseUrlSettings = Object.keys(settings).filter((key) => key.endsWith('.baseUrl'));
  assert.deepEqual(baseUrlSettings.sort(), HTTP_PROVIDER_IDS.map((id) => `docsmith.${id}.baseUrl`).sort(), 'a base URL setting for a provider without a descriptor, or the other way round');
});

test('base URLs are restricted settings in an untrusted workspace (a key must never follow a URL the workspace chose)', () => {
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
  for (const id of HTTP_PROVIDER_IDS) assert.ok(restricted.includes(`docsmith.${id}.baseUrl`), `docsmith.${id}.baseUrl is not restricted`);
});

test('every provider that needs a key names the environment variable and the page to get one', () => {
  for (const id of PROVIDER_IDS) {
    const { key, baseUrlEnvVar, defaultBaseUrl } = PROVIDERS[id];
    if (key.required) {
      assert.match(key.envVar ?? '', /^[A-Z][A-Z0-9_]*_API_KEY$/, `${id} key variable`);
      assert.match(key.pageUrl ?? '', /^https:\/\//, `${id} key page`);
    }
    if (defaultBaseUrl) assert.match(baseUrlEnvVar ?? '', /^[A-Z][A-Z0-9_]*_BASE_URL$/, `${id} base URL variable`);
  }
});
