import { formatErrorRate, formatMs, formatTokensPerSec, type ModelSpeed } from '../../core/cost/speedStats';
import { PROVIDERS } from '../../core/providers/providerInfo';
import { escapeHtml } from './htmlEscape';

const HEAD = '<tr><th>Model</th><th>Provider</th><th class="num">Requests</th><th class="num">p50 latency</th><th class="num">p95 latency</th>'
  + '<th class="num">p50 first token</th><th class="num">Tokens/s</th><th class="num">Errors</th></tr>';

function rows(speed: readonly ModelSpeed[], empty: string): string {
  if (speed.length === 0) return `<tr><td colspan="8" class="empty">${escapeHtml(empty)}</td></tr>`;
  return speed
    .map((s) => `<tr><td>${escapeHtml(s.model)}</td><td>${escapeHtml(PROVIDERS[s.provider].displayName)}</td><td class="num">${s.requests}</td>`
      + `<td class="num">${escapeHtml(formatMs(s.p50LatencyMs))}</td><td class="num">${escapeHtml(formatMs(s.p95LatencyMs))}</td>`
      + `<td class="num">${escapeHtml(formatMs(s.p50TtftMs))}</td><td class="num">${escapeHtml(formatTokensPerSec(s.tokensPerSec))}</td>`
      + `<td class="num">${escapeHtml(formatErrorRate(s.errorRate))} (${s.errors})</td></tr>`)
    .join('\n');
}

/**
 * The cost view's speed section: per provider and model, this session's requests and then every
 * recorded one, so a user can compare providers and models on their own work. Answers from the
 * response cache are left out; failed requests count in the errors only.
 */
export function speedSectionHtml(speed: { session: readonly ModelSpeed[]; history: readonly ModelSpeed[] }): string {
  return `<h2>Speed per model</h2>
<h3>This session</h3>
<table class="speed" data-scope="session">${HEAD}${rows(speed.session, 'No requests in this session yet.')}</table>
<h3>All history</h3>
<table class="speed" data-scope="history">${HEAD}${rows(speed.history, 'No requests recorded yet.')}</table>`;
}
