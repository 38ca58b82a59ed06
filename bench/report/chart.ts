/** One bar of a chart: a label and a value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** A titled panel of horizontal bars. */
export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 760;
const LABEL_WIDTH = 300;
const BAR_HEIGHT = 22;
const GAP = 8;
const TITLE_HEIGHT = 34;
const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#d53f8c', '#718096'];

/** Draws panels of horizontal bars, one below the other, as a standalone SVG document. */
export function barChartSvg(panels: readonly Panel[]): string {
  const parts: string[] = [];
  let y = 10;
  for (const panel of panels) {
    parts.push(
      `<text x="10" y="${y + 20}" font-size="15" font-weight="bold">${escape(panel.title)}</text>`,
    );
    y += TITLE_HEIGHT;
    const max = Math.max(1, ...panel.bars.map((bar) => bar.value));
    const scale = (WIDTH - LABEL_WIDTH - 110) / max;
    panel.bars.forEach((bar, i) => {
      const width = Math.max(1, bar.value * scale);
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" font-size="12" text-anchor="end">${escape(bar.label)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 15}" font-size="12">${escape(format(bar.value))} ${escape(panel.unit)}</text>`,
      );
      y += BAR_HEIGHT + GAP;
    });
    y += GAP * 2;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
