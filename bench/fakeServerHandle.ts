/** Starts and stops `fakeServerProcess.js` from the bench, counting the chat requests it saw. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FakeServerSettings } from './fakeServerProcess';

export class FakeServerHandle {
  /** Chat requests the server has received so far. */
  chatRequests = 0;
  /** When the server last printed anything (`performance.now()`). */
  private lastOutputAt = 0;
  /** Server-side duration of each chat response, ms, in completion order. */
  readonly serviceTimesMs: number[] = [];
  /** Server-side duration of each chat response by its prompt key (`promptKey`), ms; a list when a prompt came twice. */
  readonly serviceTimesByPrompt = new Map<string, number[]>();
  private readonly promptOfRequest = new Map<string, string>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly settings: FakeServerSettings,
  ) {}

  get openRouterBaseUrl(): string {
    return `${this.url}/api/v1`;
  }

  static async start(settings: FakeServerSettings): Promise<FakeServerHandle> {
    const child = spawn(process.execPath, [path.join(__dirname, 'fakeServerProcess.js'), JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let handle: FakeServerHandle | undefined;
    let buffered = '';
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => {
        if (!handle) reject(new Error(`fake server exited (${code}) before listening`));
      });
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (data: string) => {
        buffered += data;
        if (handle) handle.lastOutputAt = performance.now();
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.startsWith('CHAT ') && handle) handle.chatRequests++;
          else if (line.startsWith('PROMPT ') && handle) {
            const [, id, key] = line.split(' ');
            handle.promptOfRequest.set(id, key);
          } else if (line.startsWith('DONE ') && handle) handle.recordDone(line);
          else if (line.startsWith('FAKE_LLM_URL=') && !handle) {
            handle = new FakeServerHandle(child, line.slice('FAKE_LLM_URL='.length), settings);
            resolve(handle);
          }
        }
      });
    });
  }

  private recordDone(line: string): void {
    const [, ms, id] = line.split(' ');
    this.serviceTimesMs.push(Number(ms));
    const key = this.promptOfRequest.get(id);
    if (key === undefined) return;
    this.promptOfRequest.delete(id);
    const list = this.serviceTimesByPrompt.get(key) ?? [];
    list.push(Number(ms));
    this.serviceTimesByPrompt.set(key, list);
  }

  /**
   * Resolves once every `CHAT` line printed so far has been read: when the server has printed
   * nothing for 250 ms (at most 10 s). A run spawned synchronously blocks this process, so the
   * lines of its requests are read only afterwards; on a loaded machine they kept arriving well
   * after a fixed 50 ms, and the next run was counted the requests of the one before.
   */
  async settle(): Promise<void> {
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const started = performance.now();
    await sleep(50);
    while (performance.now() - this.lastOutputAt < 250 && performance.now() - started < 10_000) await sleep(50);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
