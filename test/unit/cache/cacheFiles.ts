/** The answers a response cache folder holds on disk, read file by file as another process would see them. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface CachedAnswerFile {
  /** The answer's file: `<dir>/<2 hex>/<key>.json`. */
  file: string;
  /** The file's JSON as stored. */
  entry: { answer: { text: string; finishReason?: string } };
}

/** Every answer file in the cache folder `dir` (the run replays' folder is not an answer shard); none when the folder is missing. */
export async function cachedAnswerFiles(dir: string): Promise<CachedAnswerFile[]> {
  const out: CachedAnswerFile[] = [];
  for (const shard of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of await fs.readdir(path.join(dir, shard))) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(dir, shard, name);
      out.push({ file, entry: JSON.parse(await fs.readFile(file, 'utf8')) as CachedAnswerFile['entry'] });
    }
  }
  return out;
}
