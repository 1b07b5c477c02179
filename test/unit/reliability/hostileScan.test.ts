/**
 * Files built to make the scan slow or hungry: a 1.5 GB sparse log (no disk space, 1.5 GB when
 * read), one whose first megabyte is text before the hole, and a 65 MB text log. The scan must read
 * only what the binary check and the size ceiling need; bytes read are counted at the file system
 * calls themselves.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import nodeFs, { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';
import type { ScanResult } from '../../../src/core/docs/types';
import { hostileCorpus } from './hostileCorpus';

const hostileTest = hostileCorpus(__filename, 'file system');
const SPARSE_BYTES = 1.5 * 1024 ** 3;
const TEXT_HEAD = 1024 * 1024;
const BLOCK = 64 * 1024;
/** Text files over this are skipped as too large (the scan's ceiling with the default maxFileSizeKB). */
const CEILING = 64 * 1024 * 1024;

let tmp: string;
let result: ScanResult;
/** Bytes the scan read from each file, by workspace-relative path. */
const bytesRead = new Map<string, number>();
let rssGrowth = 0;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-hostile-scan-'));
  const root = path.join(tmp, 'ws');
  await fs.mkdir(path.join(root, 'logs'), { recursive: true });
  await fs.writeFile(path.join(root, 'app.ts'), 'export const app = 1;\n');
  // `truncate -s 1.5G`: a file of that size whose blocks are never written.
  await fs.writeFile(path.join(root, 'logs', 'sparse.log'), '');
  await fs.truncate(path.join(root, 'logs', 'sparse.log'), SPARSE_BYTES);
  await fs.writeFile(path.join(root, 'logs', 'headed.log'), 'INFO started\n'.repeat(TEXT_HEAD / 13 + 1).slice(0, TEXT_HEAD));
  await fs.truncate(path.join(root, 'logs', 'headed.log'), SPARSE_BYTES);
  const megabyteOfLines = 'INFO request served in 3 ms\n'.repeat(Math.ceil((1024 * 1024) / 28));
  for (let mb = 0; mb < CEILING / (1024 * 1024) + 1; mb++) await fs.appendFile(path.join(root, 'logs', 'huge.log'), megabyteOfLines);

  const fdPaths = new Map<number, string>();
  const { openSync, readSync } = nodeFs;
  nodeFs.openSync = ((file: nodeFs.PathLike, ...rest: unknown[]) => {
    const fd = (openSync as (...args: unknown[]) => number)(file, ...rest);
    fdPaths.set(fd, path.relative(root, String(file)).split(path.sep).join('/'));
    return fd;
  }) as typeof nodeFs.openSync;
  nodeFs.readSync = ((fd: number, ...rest: unknown[]) => {
    const n = (readSync as (...args: unknown[]) => number)(fd, ...rest);
    const p = fdPaths.get(fd);
    if (p !== undefined) bytesRead.set(p, (bytesRead.get(p) ?? 0) + n);
    return n;
  }) as typeof nodeFs.readSync;
  const rssBefore = process.memoryUsage().rss;
  try {
    result = await scanWorkspace({ root });
  } finally {
    nodeFs.openSync = openSync;
    nodeFs.readSync = readSync;
  }
  rssGrowth = process.memoryUsage().rss - rssBefore;
});

after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

hostileTest(
  { attack: 'a 1.5 GB sparse log (`truncate -s 1.5G`), all zeros', holds: 'the scan reads one 64 KB block of it, skips it as binary, and its memory does not grow with the file' },
  () => {
    assert.deepEqual(result.skipped.find((s) => s.path === 'logs/sparse.log'), { path: 'logs/sparse.log', reason: 'binary' });
    assert.ok((bytesRead.get('logs/sparse.log') ?? 0) <= BLOCK, `${bytesRead.get('logs/sparse.log')} bytes read`);
    assert.ok(rssGrowth < 200 * 1024 * 1024, `RSS grew by ${Math.round(rssGrowth / 1024 / 1024)} MB`);
    assert.deepEqual(result.files.map((f) => f.path), ['app.ts']);
  },
);

hostileTest(
  { attack: 'a 1.5 GB sparse log whose first megabyte is text', holds: 'the scan stops at the first block of the hole: about 1 MB read, skipped as binary' },
  () => {
    assert.deepEqual(result.skipped.find((s) => s.path === 'logs/headed.log'), { path: 'logs/headed.log', reason: 'binary' });
    assert.ok((bytesRead.get('logs/headed.log') ?? 0) <= TEXT_HEAD + BLOCK, `${bytesRead.get('logs/headed.log')} bytes read`);
  },
);

hostileTest(
  { attack: 'a 65 MB text log (no NUL byte anywhere)', holds: 'the scan reads no further than its 64 MB ceiling and lists the file as too large' },
  () => {
    assert.deepEqual(result.skipped.find((s) => s.path === 'logs/huge.log'), { path: 'logs/huge.log', reason: 'tooLarge' });
    assert.ok((bytesRead.get('logs/huge.log') ?? 0) <= CEILING + BLOCK, `${bytesRead.get('logs/huge.log')} bytes read`);
  },
);
