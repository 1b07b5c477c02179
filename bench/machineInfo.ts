/** What the figures were measured on. */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  git: string;
  /** 1-minute load average when the bench started. */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const git = spawnSync('git', ['--version'], { encoding: 'utf8' });
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg()[0],
    git: git.status === 0 ? git.stdout.trim().replace(/^git version /, '') : 'not found',
  };
}
