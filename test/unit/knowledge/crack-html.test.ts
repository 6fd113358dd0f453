import { describe, expect, it } from 'vitest';
import { crackHtml } from '../../../src/knowledge/crack/html.js';

const html = (text: string) => Buffer.from(text, 'utf8');

describe('crack', () => {
  describe('crackHtml', () => {
    it('splits sections by h1-h6 and drops script, style, nav and footer', () => {
      const doc = crackHtml(
        'intranet/leave.html',
        html(`<!doctype html><html><head><title>Leave | Intranet</title><style>p{color:red}</style>
          <meta name="lumen-acl" content="group:HR, user:x@y.com"></head>
          <body><nav><a href="/">Home</a></nav>
          <h1>Leave policy</h1><p>Everyone gets <b>25</b>&nbsp;days &amp; more.</p>
          <script>alert("no")</script>
          <h2>Parental leave</h2><p>Sixteen weeks.</p><p>Paid in full.</p>
          <h2>Sick leave</h2><ul><li>Call in</li><li>Rest <ol><li>Sleep</li><li>Drink</li></ol></li></ul>
          <footer>Copyright</footer></body></html>`),
      );
      expect(doc.title).toBe('Leave | Intranet');
      expect(doc.metadata?.acl).toEqual(['group:HR', 'user:x@y.com']);
      expect(doc.sections).toEqual([
        { headingPath: ['Leave policy'], text: 'Everyone gets 25 days & more.' },
        { headingPath: ['Leave policy', 'Parental leave'], text: 'Sixteen weeks.\n\nPaid in full.' },
        { headingPath: ['Leave policy', 'Sick leave'], text: '- Call in\n- Rest\n\n1. Sleep\n2. Drink' },
      ]);
    });

    it('renders table rows as cell lines', () => {
      const doc = crackHtml(
        'plans.htm',
        html(
          '<h1>Plans</h1><table><tr><th>Plan</th><th>Cost</th></tr><tr><td>Basic</td><td>$10</td></tr></table>',
        ),
      );
      expect(doc.sections).toEqual([{ headingPath: ['Plans'], text: 'Basic — Cost: $10' }]);
    });

    it('reads an all-bold first row as the header row, as editors without th cells write it', () => {
      const doc = crackHtml(
        'plans.htm',
        html(
          '<h1>Plans</h1><table><tr><td><b>Plan</b></td><td><b>Cost</b></td></tr><tr><td><b>Basic</b></td><td>$10</td></tr></table>',
        ),
      );
      expect(doc.sections).toEqual([{ headingPath: ['Plans'], text: 'Basic — Cost: $10' }]);
    });

    it('takes the title from the first h1 without a <title>, else from the file name', () => {
      expect(crackHtml('a.html', html('<p>x</p><h1>Expenses</h1><p>y</p>')).title).toBe('Expenses');
      expect(crackHtml('it/vpn_setup.html', html('<p>Connect first.</p>')).title).toBe('Vpn Setup');
    });

    it('keeps text before the first heading in a section without heading path', () => {
      const doc = crackHtml('a.html', html('<div>Intro line<br>second line</div><h2>Later</h2><p>z</p>'));
      expect(doc.sections[0]).toEqual({ headingPath: [], text: 'Intro line\nsecond line' });
    });
  });
});
