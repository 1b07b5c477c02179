/**
 * The user's cache folder for Docsmith, where the CLI keeps what must not live in a workspace
 * (the parse cache): `$XDG_CACHE_HOME/docsmith` or `~/.cache/docsmith` on Linux,
 * `~/Library/Caches/docsmith` on macOS, `%LOCALAPPDATA%\docsmith\Cache` on Windows.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function userCacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME?.trim() || env.USERPROFILE?.trim() || os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA?.trim() || path.join(home, 'AppData', 'Local'), 'docsmith', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'docsmith');
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'docsmith');
}
