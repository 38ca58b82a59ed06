import { KEPT_SECTION, keptSectionOf, withKeptSection } from './kept-section';

describe(withKeptSection.name, () => {
  it('appends the section when the document has none', () => {
    expect(withKeptSection('# Benchmarks\n', '## Rolling\nfigures')).toBe(
      `# Benchmarks\n\n${KEPT_SECTION.start}\n## Rolling\nfigures\n${KEPT_SECTION.end}\n`,
    );
  });

  it('replaces the old section in place, leaving the rest as it was', () => {
    const doc = withKeptSection('# Benchmarks\n', 'old figures') + '\n## After\n';
    const updated = withKeptSection(doc, 'new figures');
    expect(updated).toContain('new figures');
    expect(updated).not.toContain('old figures');
    expect(updated.endsWith('\n## After\n')).toBe(true);
  });
});

describe(keptSectionOf.name, () => {
  it("returns the marked section's body, or nothing when there is none", () => {
    const doc = withKeptSection('# Benchmarks\n', 'figures');
    expect(keptSectionOf(doc)).toBe('figures');
    expect(keptSectionOf('# Benchmarks\n')).toBe('');
  });
});
