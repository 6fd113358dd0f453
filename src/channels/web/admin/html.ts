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
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
header form{margin:0}
main{max-width:1080px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:16px;margin:16px 0}
h1{font-size:18px;margin:0}h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
.notice{background:#e8f1ff;border:1px solid #b6d0ff;padding:8px 12px;border-radius:6px}
.error{background:#fff0f0;border-color:#f3b6b6}
form.inline{display:inline-flex;gap:4px;margin:2px 0}
textarea,input[type=text],input[type=password],input[type=date]{font:inherit;padding:4px 6px}
button{font:inherit;padding:4px 10px;border-radius:4px;border:1px solid #9aa4b2;background:#fff;cursor:pointer}
button.primary{background:#2f6fdf;color:#fff;border-color:#2f6fdf}
.muted{color:#667}
</style></head><body>${body}</body></html>`;
}
