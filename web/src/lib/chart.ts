/**
 * Geometry of the overview's trend chart: one line per series over days, scaled into a fixed
 * viewBox, with "nice" y ticks. Pure, so it is tested without a browser; the SVG component only
 * draws what this returns.
 */

export interface ChartSeries {
  key: string;
  values: number[];
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room for axis labels: left, right, top, bottom. */
  padding: { left: number; right: number; top: number; bottom: number };
}

export interface LineGeometry {
  key: string;
  /** SVG path data (`M x y L x y …`); empty for an empty series. */
  path: string;
  points: { x: number; y: number; value: number }[];
}

export interface ChartGeometry {
  lines: LineGeometry[];
  yTicks: { y: number; value: number }[];
  /** X positions of the labelled days (first, last and a few between). */
  xTicks: { x: number; index: number }[];
  maxValue: number;
}

export const DEFAULT_BOX: ChartBox = { width: 640, height: 220, padding: { left: 44, right: 24, top: 12, bottom: 28 } };

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ steps that puts `max` under about `count` ticks. */
export function niceStep(max: number, count = 4): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * magnitude;
    if (step >= raw) return step < 1 ? 1 : step;
  }
  return 10 * magnitude;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function chartGeometry(series: readonly ChartSeries[], days: number, box: ChartBox = DEFAULT_BOX): ChartGeometry {
  const innerW = box.width - box.padding.left - box.padding.right;
  const innerH = box.height - box.padding.top - box.padding.bottom;
  const dataMax = Math.max(0, ...series.flatMap((s) => s.values));
  const step = niceStep(dataMax);
  const maxValue = Math.max(step, Math.ceil(dataMax / step) * step);
  const xOf = (i: number): number => round(box.padding.left + (days <= 1 ? innerW / 2 : (i * innerW) / (days - 1)));
  const yOf = (v: number): number => round(box.padding.top + innerH - (v / maxValue) * innerH);

  const lines = series.map((s) => {
    const points = s.values.map((value, i) => ({ x: xOf(i), y: yOf(value), value }));
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
    return { key: s.key, path, points };
  });
  const yTicks: { y: number; value: number }[] = [];
  for (let value = 0; value <= maxValue + 1e-9; value += step) yTicks.push({ y: yOf(value), value });
  const labelled = new Set<number>([0, days - 1]);
  const every = Math.max(1, Math.round((days - 1) / 4));
  for (let i = every; i < days - 1; i += every) if (days - 1 - i >= every / 2) labelled.add(i);
  const xTicks = [...labelled].filter((i) => i >= 0).sort((a, b) => a - b).map((index) => ({ x: xOf(index), index }));
  return { lines, yTicks, xTicks, maxValue };
}
