import type { RatingBucket } from '../../../core/admin/feedback-summary.js';
import { escapeHtml } from './html.js';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 16, right: 16, bottom: 40, left: 44 };

/**
 * The helpful rate per period as an inline SVG bar chart (no script, so the page's CSP
 * stays strict): one bar per period, height the helpful share, a title with the counts.
 */
export function renderHelpfulChart(buckets: RatingBucket[], period: 'day' | 'week'): string {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const label = `Helpful rate per ${period}`;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => {
      const y = PAD.top + innerH * (1 - v);
      return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#d9dde3" stroke-width="1"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#555">${v * 100}%</text>`;
    })
    .join('');
  if (!buckets.some((b) => b.helpfulRate !== null)) {
    return `<svg id="helpful-chart" role="img" aria-label="${label}: no ratings in this range" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%">${grid}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#555">No ratings in this range</text></svg>`;
  }
  const slot = innerW / buckets.length;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const every = Math.ceil(buckets.length / 12);
  const bars = buckets
    .map((b, i) => {
      const tick =
        i % every === 0
          ? `<text x="${Math.round((PAD.left + slot * i + slot / 2) * 10) / 10}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#555">${b.start.slice(5)}</text>`
          : '';
      if (b.helpfulRate === null) return tick;
      const rate = b.helpfulRate;
      const h = Math.round(innerH * rate * 10) / 10;
      const x = Math.round((PAD.left + slot * i + (slot - barW) / 2) * 10) / 10;
      const y = PAD.top + innerH - h;
      const total = b.helpful + b.notHelpful;
      const title = `${b.start}: ${Math.round(rate * 100)}% helpful (${b.helpful} of ${total})`;
      return `<rect class="bar" data-period="${b.start}" data-rate="${rate.toFixed(3)}" x="${x}" y="${y}" width="${barW}" height="${h}" fill="#4f46e5"><title>${escapeHtml(title)}</title></rect>${tick}`;
    })
    .join('');
  return `<svg id="helpful-chart" role="img" aria-label="${label}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%">${grid}${bars}</svg>`;
}
