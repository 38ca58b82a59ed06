import { parse } from 'yaml';
import { dashboardConfigMaps, prometheusRule } from './monitoring-manifests';

describe('prometheusRule', () => {
  const rules = `# a rule file
groups:
  - name: g
    rules:
      - alert: A
        # why A matters
        expr: up == 0
        for: 5m
`;

  it('holds the groups of the rule file as they are, their comments kept', () => {
    const text = prometheusRule(rules);
    const rule = parse(text) as { kind: string; spec: { groups: unknown } };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual((parse(rules) as { groups: unknown }).groups);
    expect(text).toContain('# why A matters');
  });

  it('throws when the rule file has no groups', () => {
    expect(() => prometheusRule('rules: []\n')).toThrow('has no groups');
  });
});

describe('dashboardConfigMaps', () => {
  it("keeps each dashboard's text byte for byte, under its file name", () => {
    const json = '{\n  "title": "x: ${datasource}",\n  "panels": []\n}\n';
    const configMap = parse(dashboardConfigMaps(new Map([['flows.json', json]]))) as {
      metadata: { name: string; labels: Record<string, string> };
      data: Record<string, string>;
    };
    expect(configMap.metadata).toEqual({
      name: 'dashboard-flows',
      labels: { grafana_dashboard: '1' },
    });
    expect(configMap.data).toEqual({ 'flows.json': json });
  });
});
