/** Text made safe to put in HTML element content or a quoted attribute. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A whole admin page with its nonce-allowed stylesheet. */
export function layout(title: string, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Lumen admin</title><link rel="icon" href="data:,">
<style nonce="${nonce}">
:root{--bg:#f6f7fb;--surface:#fff;--surface-2:#f1f2f7;--border:#e3e5ee;--text:#1c1f2b;--muted:#646a7d;--accent:#4f46e5;--accent-2:#7c3aed;--accent-soft:#eef0ff;--danger:#b42318;--danger-soft:#fef3f2;--focus:0 0 0 3px rgb(79 70 229 / .35);--shadow:0 1px 2px rgb(16 24 40 / .05),0 4px 16px rgb(16 24 40 / .06);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1117;--surface:#171a23;--surface-2:#1f2330;--border:#2a2f3d;--text:#e7e9f0;--muted:#9aa1b5;--accent:#8b85ff;--accent-2:#a78bfa;--accent-soft:#23234a;--danger:#ff8a80;--danger-soft:#3a1d1d}}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;color:var(--text);background:var(--bg)}
header{background:var(--surface);border-bottom:1px solid var(--border);padding:12px 24px;display:flex;justify-content:space-between;align-items:center;gap:12px;position:sticky;top:0;z-index:1}
header h1{background:linear-gradient(135deg,var(--accent),var(--accent-2));-webkit-background-clip:text;background-clip:text;color:transparent}
header form{margin:0;display:flex;align-items:center;gap:8px}
main{max-width:1080px;margin:0 auto;padding:16px 24px 48px}
section{background:var(--surface);border:1px solid var(--border);border-radius:16px;padding:20px;margin:16px 0;box-shadow:var(--shadow)}
h1{font-size:1.15rem;margin:0;letter-spacing:-.01em}h2{font-size:1.05rem;margin:0 0 12px;letter-spacing:-.01em}h3{font-size:.95rem;margin:20px 0 8px}
table{border-collapse:separate;border-spacing:0;width:100%;border:1px solid var(--border);border-radius:12px;overflow:hidden}
td,th{text-align:left;padding:10px 12px;border-bottom:1px solid var(--border);vertical-align:top}
th{background:var(--surface-2);font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
tr:last-child td{border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums}
.notice{background:var(--accent-soft);border:1px solid var(--accent);color:var(--text);padding:10px 14px;border-radius:12px;margin:12px 0}
.error{background:var(--danger-soft);border-color:var(--danger)}
form.inline{display:inline-flex;flex-wrap:wrap;align-items:flex-end;gap:6px;margin:4px 8px 4px 0}
form.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;align-items:end}
form.fields .hint,form.fields .form-buttons,form.fields .notice{grid-column:1/-1;margin:0}
.form-buttons{display:flex;gap:8px;flex-wrap:wrap}
label{display:flex;flex-direction:column;gap:4px;font-size:.85rem;font-weight:500;color:var(--muted)}
label.field{display:inline-flex}
input,select,textarea{font:inherit;font-size:.9rem;color:var(--text);background:var(--surface);padding:7px 10px;border:1px solid var(--border);border-radius:10px;min-width:0}
input:focus,select:focus,textarea:focus,button:focus-visible,a.button:focus-visible{outline:none;box-shadow:var(--focus);border-color:var(--accent)}
button,a.button{font:inherit;font-size:.875rem;font-weight:500;padding:7px 14px;border-radius:999px;border:1px solid var(--border);background:var(--surface);color:var(--text);cursor:pointer;text-decoration:none;display:inline-flex;align-items:center}
button:hover,a.button:hover{background:var(--surface-2)}
button.primary,a.button.primary{background:linear-gradient(135deg,var(--accent),var(--accent-2));color:#fff;border-color:transparent}
a{color:var(--accent)}
details{margin-top:6px}summary{cursor:pointer;color:var(--accent);font-size:.85rem}
code{font-size:.85em;background:var(--surface-2);padding:1px 5px;border-radius:6px}
.muted,.hint{color:var(--muted)}.hint{font-size:.85rem}
</style></head><body>${body}</body></html>`;
}
