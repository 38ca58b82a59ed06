import { barChartSvg } from './chart';

describe(barChartSvg.name, () => {
  it('draws one bar per value, the longest for the largest, with escaped labels and formatted values', () => {
    const svg = barChartSvg([
      {
        title: 'Throughput',
        unit: 'events/s',
        bars: [
          { label: 'ours <1 process>', value: 5000 },
          { label: 'NestJS', value: 500 },
        ],
      },
    ]);

    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(widths[1] * 10, 0);
    expect(svg).toContain('ours &lt;1 process&gt;');
    expect(svg).toContain('5,000 events/s');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
