import { formatTotals, recordCostNanos } from '../../core/cost/costTotals';
import { formatTokenCount, formatUsd, usdToNanos } from '../../core/cost/money';
import type { CostRecord, CostTotals } from '../../core/cost/types';
import type { ModelSpeed } from '../../core/cost/speedStats';
import type { RunLabel } from '../adapters/costTracking';
import { escapeHtml } from './htmlEscape';
import { speedSectionHtml } from './costSpeedHtml';

/** Everything the cost view shows; gathered from the ledger by the panel. */
export interface CostViewData {
  sessionRecords: readonly CostRecord[];
  sessionTotals: CostTotals;
  byModel: ReadonlyArray<{ model: string; totals: CostTotals }>;
  /** `label` says what the run was (command, folder, start); runs without one show a short id. */
  byRun: ReadonlyArray<{ runId: string; label?: RunLabel; totals: CostTotals }>;
  /** Spend per local day, oldest first (from the persisted history). */
  daily: ReadonlyArray<{ day: string; totals: CostTotals }>;
  today: CostTotals;
  month: CostTotals;
  balanceUsd?: number;
  /** Speed per provider and model: this session's requests, and every recorded one. */
  speed: { session: readonly ModelSpeed[]; history: readonly ModelSpeed[] };
}

export interface CostViewPage {
  /** Fresh per render; the only scripts and styles allowed are those carrying it. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
}

function recordCost(r: CostRecord): string {
  if (r.source === 'included') return 'included';
  const nanos = recordCostNanos(r);
  return r.source === 'unknown' || nanos === undefined ? '$?' : formatUsd(nanos);
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString('en-GB', { hour12: false });
}

/** `Generate Docs · ts-sample · 14:02`: what a run was, instead of its id. */
export function runName(runId: string, label: RunLabel | undefined): string {
  if (!label) return `Run ${runId.slice(0, 8)}`;
  const at = label.startedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
  return `${label.command} · ${label.folder} · ${at}`;
}

function requestRows(records: readonly CostRecord[]): string {
  if (records.length === 0) return '<tr><td colspan="9" class="empty">No requests in this session yet.</td></tr>';
  return [...records]
    .reverse()
    .map((r) => {
      const what = [r.purpose.phase, r.purpose.file].filter(Boolean).join(' · ') || '—';
      return `<tr${r.failed ? ' class="failed"' : ''}><td>${escapeHtml(time(r.time))}</td><td>${escapeHtml(r.model)}${r.fallbackFor ? ` <span class="fallback">(fallback for ${escapeHtml(r.fallbackFor)})</span>` : ''}</td><td>${escapeHtml(what)}</td>`
        + `<td class="num">${r.promptTokens}</td><td class="num">${r.completionTokens}</td><td class="num">${r.cachedTokens}</td>`
        + `<td class="num">${escapeHtml(recordCost(r))}</td><td>${escapeHtml(r.source)}${r.failed ? ' (failed)' : ''}</td><td class="num">${r.latencyMs} ms</td></tr>`;
    })
    .join('\n');
}

function totalsRows(rows: ReadonlyArray<{ name: string; totals: CostTotals }>, empty: string): string {
  if (rows.length === 0) return `<tr><td colspan="5" class="empty">${escapeHtml(empty)}</td></tr>`;
  return rows
    .map(({ name, totals }) => `<tr><td>${escapeHtml(name)}</td><td class="num">${totals.requests}</td><td class="num">${escapeHtml(formatTokenCount(totals.promptTokens))}</td>`
      + `<td class="num">${escapeHtml(formatTokenCount(totals.completionTokens))}</td><td class="num">${escapeHtml(formatTotals(totals))}</td></tr>`)
    .join('\n');
}

/** Bars of known spend for the last `days` days with spending; a day with unknown cost is marked `+?`. */
export function dailyChartSvg(daily: CostViewData['daily'], days = 14): string {
  const shown = daily.slice(-days);
  if (shown.length === 0) return '<p class="empty">No spending recorded yet.</p>';
  const width = 36;
  const height = 120;
  const max = Math.max(1, ...shown.map((d) => d.totals.costNanos));
  const bars = shown.map((d, i) => {
    const h = Math.max(d.totals.costNanos > 0 ? 2 : 0, Math.round((d.totals.costNanos / max) * (height - 30)));
    const x = i * width + 6;
    const label = `${d.day}: ${formatTotals(d.totals)}`;
    return `<g><title>${escapeHtml(label)}</title><rect class="bar" x="${x}" y="${height - 16 - h}" width="${width - 12}" height="${h}"></rect>`
      + `<text class="axis" x="${x + (width - 12) / 2}" y="${height - 4}" text-anchor="middle">${escapeHtml(d.day.slice(5))}</text></g>`;
  });
  return `<svg class="chart" role="img" aria-label="Spend per day" viewBox="0 0 ${shown.length * width} ${height}" width="${shown.length * width}" height="${height}">${bars.join('')}</svg>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; } h3 { font-size: 1em; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 8px 12px; min-width: 140px; }
.card .value { font-size: 1.4em; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: var(--vscode-errorForeground); }
.empty { color: var(--vscode-descriptionForeground); }
.bar { fill: var(--vscode-charts-blue, #3794ff); }
.axis { fill: var(--vscode-descriptionForeground); font-size: 9px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; margin-right: 6px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

// Buttons carry data attributes; one listener posts them. No inline handlers exist.
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.querySelectorAll('button[data-format]').forEach((button) => {
  button.addEventListener('click', () => vscode.postMessage({ type: 'export', format: button.dataset.format, scope: button.dataset.scope }));
});
`;

/** The whole cost view page: strict CSP (`default-src 'none'`, nonce'd style and script), every name escaped. */
export function renderCostViewHtml(data: CostViewData, page: CostViewPage): string {
  const nonce = escapeHtml(page.nonce);
  const csp = `default-src 'none'; img-src ${page.cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  const t = data.sessionTotals;
  const card = (label: string, value: string) => `<div class="card"><div>${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div></div>`;
  const cards = [
    card('This session', formatTotals(t)),
    card('Requests', String(t.requests)),
    card('Tokens in / out', `${formatTokenCount(t.promptTokens)} / ${formatTokenCount(t.completionTokens)}`),
    card('Today', formatTotals(data.today)),
    card('This month', formatTotals(data.month)),
  ];
  if (data.balanceUsd !== undefined && Number.isFinite(data.balanceUsd)) cards.push(card('OpenRouter balance', formatUsd(usdToNanos(data.balanceUsd))));
  const head = '<tr><th>Name</th><th class="num">Requests</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cost</th></tr>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Docsmith: Session Cost</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>Docsmith — session cost</h1>
<div class="cards">${cards.join('')}</div>
${t.unknownCount ? `<p>${t.unknownCount} request${t.unknownCount === 1 ? '' : 's'} of unknown cost: the total is a lower bound.</p>` : ''}
<h2>Spend per day</h2>
${dailyChartSvg(data.daily)}
<h2>Per model</h2>
<table>${head}${totalsRows(data.byModel.map((m) => ({ name: m.model, totals: m.totals })), 'No requests yet.')}</table>
<h2>Per run</h2>
<table>${head}${totalsRows(data.byRun.map((r) => ({ name: runName(r.runId, r.label), totals: r.totals })), 'No runs in this session yet.')}</table>
${speedSectionHtml(data.speed)}
<h2>Requests</h2>
<p><button data-format="csv" data-scope="session">Export session as CSV</button><button data-format="json" data-scope="session">Export session as JSON</button><button data-format="csv" data-scope="history">Export all history as CSV</button></p>
<table>
<tr><th>Time</th><th>Model</th><th>Phase / file</th><th class="num">In</th><th class="num">Out</th><th class="num">Cached</th><th class="num">Cost</th><th>Source</th><th class="num">Latency</th></tr>
${requestRows(data.sessionRecords)}
</table>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
