import { describe, expect, it } from 'vitest';
import { CrackError } from '../../../src/core/errors.js';
import { crackMarkdown } from '../../../src/knowledge/crack/markdown.js';

const md = (text: string) => Buffer.from(text, 'utf8');

describe('crack', () => {
  describe('crackMarkdown', () => {
    it('splits sections by ATX headings with their heading path', () => {
      const doc = crackMarkdown(
        'hr/leave.md',
        md(
          [
            '# Leave policy',
            'Everyone gets 25 days.',
            '## Parental leave',
            'Sixteen weeks, paid.',
            '### Adoption',
            'Same as birth.',
            '## Sick leave',
            'Tell your manager.',
          ].join('\n'),
        ),
      );
      expect(doc.sections).toEqual([
        { headingPath: ['Leave policy'], text: 'Everyone gets 25 days.' },
        { headingPath: ['Leave policy', 'Parental leave'], text: 'Sixteen weeks, paid.' },
        { headingPath: ['Leave policy', 'Parental leave', 'Adoption'], text: 'Same as birth.' },
        { headingPath: ['Leave policy', 'Sick leave'], text: 'Tell your manager.' },
      ]);
    });

    it('reads title, acl and other keys from front matter when present', () => {
      const doc = crackMarkdown(
        'leave.md',
        md(
          '---\ntitle: Leave handbook\nacl: group:hr, user:ann@example.com\nowner: people-team\n---\n# Leave\nText.',
        ),
      );
      expect(doc.title).toBe('Leave handbook');
      expect(doc.metadata).toMatchObject({
        title: 'Leave handbook',
        acl: ['group:hr', 'user:ann@example.com'],
        owner: 'people-team',
      });
      expect(doc.sections).toEqual([{ headingPath: ['Leave'], text: 'Text.' }]);
    });

    it('accepts the acl as a YAML list', () => {
      const doc = crackMarkdown('a.md', md('---\nacl:\n  - group:finance\n  - everyone\n---\nBody'));
      expect(doc.metadata?.acl).toEqual(['group:finance', 'everyone']);
    });

    it('takes the title from the first H1 when front matter has none, else from the file name', () => {
      expect(crackMarkdown('x.md', md('Intro\n\n# Expense rules\n\nText')).title).toBe('Expense rules');
      expect(crackMarkdown('docs/travel_and-expenses.md', md('## Only h2\nText')).title).toBe(
        'Travel And Expenses',
      );
    });

    it('strips markdown syntax but keeps link text, list items and table cells readable', () => {
      const doc = crackMarkdown(
        'x.md',
        md(
          [
            '# Benefits',
            'See the **[benefits portal](https://hr.example.com/benefits)** and _read_ `the FAQ`.',
            '![Logo](logo.png)',
            '',
            '- Gym membership',
            '* [x] Dental *care*',
            '1. First step',
            '',
            '| Plan | Cost |',
            '|------|-----:|',
            '| Basic | 10 |',
            '',
            '> Quoted ~~old~~ advice with snake_case_name',
          ].join('\n'),
        ),
      );
      expect(doc.sections[0]!.text).toBe(
        [
          'See the benefits portal and read the FAQ.',
          '',
          '- Gym membership',
          '- Dental care',
          '1. First step',
          '',
          'Basic — Cost: 10',
          '',
          'Quoted old advice with snake_case_name',
        ].join('\n'),
      );
    });

    it('describes each table row with its column headers, for pipe tables and HTML tables alike', () => {
      const doc = crackMarkdown(
        'x.md',
        md(
          [
            '# Reviews',
            '| Level | Project size | Review |',
            '|---|---|---|',
            '| Senior | small-batch (2 weeks) | weekly |',
            '| Staff | | monthly |',
            '',
            '<table><tr><th>System</th><th>Retention</th></tr>',
            '<tr><td>Chat</td><td>180 days</td></tr></table>',
            '',
            '<table><tr><td><strong>System</strong></td><td><strong>Retention Period</strong></td></tr>',
            '<tr><td>Zoom</td><td>Deletes <strong>all</strong> recordings after 30 days</td></tr></table>',
          ].join('\n'),
        ),
      );
      expect(doc.sections[0]!.text.split('\n').filter(Boolean)).toEqual([
        'Senior — Project size: small-batch (2 weeks); Review: weekly',
        'Staff — Review: monthly',
        'Chat — Retention: 180 days',
        'Zoom — Retention Period: Deletes all recordings after 30 days',
      ]);
    });

    it('reads each of several tables with its own header row', () => {
      const table = (rows: string[]) => ['| Level | Minimum |', '|---|---|', ...rows].join('\n');
      const doc = crackMarkdown(
        'bands.md',
        md(
          [
            '# Bands',
            '## Lisbon',
            table(['| IC1 | 28,000 |']),
            '## Toronto',
            table(['| IC1 | 70,000 |']),
          ].join('\n\n'),
        ),
      );
      expect(doc.sections.map((section) => section.text)).toEqual([
        'IC1 — Minimum: 28,000',
        'IC1 — Minimum: 70,000',
      ]);
    });

    it('joins soft-wrapped lines into one paragraph and keeps code blocks verbatim', () => {
      const doc = crackMarkdown('x.md', md('One line\ncontinues here.\n\n```\n# not a heading\nx = 1\n```'));
      expect(doc.sections).toEqual([
        { headingPath: [], text: 'One line continues here.\n\n# not a heading\nx = 1' },
      ]);
    });

    it('recognises setext headings and skips headings with no text under them', () => {
      const doc = crackMarkdown('x.md', md('Policies\n========\n\nTravel\n------\nBook early.'));
      expect(doc.title).toBe('Policies');
      expect(doc.sections).toEqual([{ headingPath: ['Policies', 'Travel'], text: 'Book early.' }]);
    });

    it('throws CrackError naming the file when front matter is not valid YAML', () => {
      expect(() => crackMarkdown('bad.md', md('---\nacl: [group:hr\n---\nBody'))).toThrow(CrackError);
      expect(() => crackMarkdown('bad.md', md('---\nacl: [group:hr\n---\nBody'))).toThrow(/bad\.md/);
    });

    it('throws CrackError when the acl has the wrong shape', () => {
      expect(() => crackMarkdown('bad.md', md('---\nacl: 42\n---\nBody'))).toThrow(/acl of bad\.md/);
    });
  });
});
