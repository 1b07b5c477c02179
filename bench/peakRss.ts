/**
 * Preloaded into a process the bench measures (`node -r out/bench/peakRss.js …`): on exit, writes
 * the process's peak resident set size in bytes to the file named by DOCSMITH_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.DOCSMITH_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
