/**
 * Turns Confluence storage format (XHTML with `ac:` macros and `ri:` resource links) into
 * plain HTML the HTML cracker reads: code and panel macro bodies are kept as text, macro
 * parameters and resource references (which are settings, not content) are dropped.
 */
export function storageToHtml(title: string, storage: string): string {
  const body = storage
    // Code blocks: the text sits in a CDATA section inside ac:plain-text-body.
    .replace(
      /<ac:plain-text-body>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/ac:plain-text-body>/g,
      (_m, code: string) => `<pre>${escapeHtml(code)}</pre>`,
    )
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, text: string) => escapeHtml(text))
    .replace(/<ac:parameter\b[^>]*>[\s\S]*?<\/ac:parameter>/g, '')
    .replace(/<ac:parameter\b[^>]*\/>/g, '')
    .replace(/<ri:[^>]*\/>/g, '')
    .replace(/<ri:[^>]*>[\s\S]*?<\/ri:[^>]*>/g, '')
    .replace(/<ac:placeholder\b[^>]*>[\s\S]*?<\/ac:placeholder>/g, '')
    // Rich-text macro bodies (panels, notes, expands) read as blocks.
    .replace(/<ac:rich-text-body\b[^>]*>/g, '<div>')
    .replace(/<\/ac:rich-text-body>/g, '</div>')
    .replace(/<\/?ac:[^>]*>/g, '');
  return `<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
