const SVG = 'http://www.w3.org/2000/svg';
/** Colour-blind-safe palette (Okabe–Ito), readable on both themes. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

export interface Series {
  name: string;
  values: number[];
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * Stacked bars, one per bucket, one colour per series, drawn as SVG (no chart library). The
 * figure is labelled for screen readers; the same numbers are in the table below it.
 */
export function stackedBars(label: string, buckets: string[], series: Series[]): HTMLElement {
  const width = 720;
  const height = 180;
  const pad = { left: 48, bottom: 24, top: 8 };
  const totals = buckets.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeil(Math.max(1, ...totals));
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
  const plotH = height - pad.bottom - pad.top;
  const barW = Math.min(64, (width - pad.left) / Math.max(1, buckets.length));
  for (const frac of [0, 0.5, 1]) {
    const y = pad.top + plotH * (1 - frac);
    svg.append(el('line', { x1: pad.left, x2: width, y1: y, y2: y, class: 'grid' }));
    const text = el('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' });
    text.textContent = String(Math.round(max * frac * 10) / 10);
    svg.append(text);
  }
  buckets.forEach((bucket, i) => {
    let y = pad.top + plotH;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const barH = (v / max) * plotH;
      y -= barH;
      const rect = el('rect', {
        x: pad.left + i * barW + barW * 0.15,
        y,
        width: Math.max(1, barW * 0.7),
        height: barH,
        fill: PALETTE[k % PALETTE.length] as string,
      });
      const title = el('title', {});
      title.textContent = `${bucket} · ${s.name}: ${v}`;
      rect.append(title);
      svg.append(rect);
    });
    if (buckets.length <= 12 || i % Math.ceil(buckets.length / 12) === 0) {
      const text = el('text', {
        x: pad.left + i * barW + barW / 2,
        y: height - 6,
        'text-anchor': 'middle',
        class: 'axis',
      });
      text.textContent = bucket;
      svg.append(text);
    }
  });
  const legend = document.createElement('ul');
  legend.className = 'legend';
  series.forEach((s, k) => {
    const li = document.createElement('li');
    const swatch = el('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
    swatch.append(el('rect', { width: 12, height: 12, fill: PALETTE[k % PALETTE.length] as string }));
    li.append(swatch, ` ${s.name}`);
    legend.append(li);
  });
  const figure = document.createElement('figure');
  figure.className = 'chart-box';
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  figure.append(caption, svg, legend);
  return figure;
}

/** The axis top: 1, 2 or 5 × a power of ten, so the half-way line is a round number too. */
function niceCeil(n: number): number {
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n) ?? 10 * p;
}
