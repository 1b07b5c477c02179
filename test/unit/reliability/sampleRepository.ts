/**
 * The sample repository of the fault runs, built at test time from the TypeScript fixture: its
 * `src/` tree copied into several packages (imports stay relative, so each copy has the real
 * import graph), plus root files and a canary `.env`. Built once as a template, copied per trial.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';
import { fixtureSourceDir } from '../../fixtures/workspaces/prepare';
import { CANARY_KEYS, ENV_FILE_CANARY } from './reliabilityHarness';

export interface SampleRepository {
  root: string;
  /** Files the scan documents (each gets a page). */
  sourceFiles: number;
}

/** Builds the template under `dir` with `copies` packages of the fixture's `src/`. */
export async function buildSampleRepository(dir: string, copies: number): Promise<SampleRepository> {
  const fixture = fixtureSourceDir('ts-sample');
  const root = path.join(dir, 'sample');
  await fs.mkdir(root, { recursive: true });
  for (let i = 1; i <= copies; i++) {
    await fs.cp(path.join(fixture, 'src'), path.join(root, 'packages', `pkg${i}`, 'src'), { recursive: true });
  }
  await fs.copyFile(path.join(fixture, 'package.json'), path.join(root, 'package.json'));
  await fs.copyFile(path.join(fixture, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  await fs.writeFile(path.join(root, 'README.md'), '# Sample monorepo\n\nSeveral packages of an order service, for Docsmith fault runs.\n');
  await fs.writeFile(path.join(root, '.gitignore'), 'node_modules/\n*.log\ndocs/generated/\n');
  await fs.writeFile(path.join(root, '.env'), `OPENROUTER_API_KEY=${CANARY_KEYS.openrouter}\nDATABASE_PASSWORD=${ENV_FILE_CANARY}\n`);
  await fs.mkdir(path.join(root, 'scripts'), { recursive: true });
  for (let i = 1; i <= 3; i++) {
    await fs.writeFile(path.join(root, 'scripts', `task${i}.ts`), `import { createApp } from '../packages/pkg${i}/src/index';\n\n/** Runs package ${i}. */\nexport function task${i}(): void {\n  void createApp;\n}\n`);
  }
  const scan = await scanWorkspace({ root, outputDirectory: 'docs/generated' });
  return { root, sourceFiles: scan.files.length };
}

/** A fresh copy of the template for one trial. */
export async function copySampleRepository(template: SampleRepository, dest: string): Promise<string> {
  await fs.cp(template.root, dest, { recursive: true });
  return dest;
}
