/**
 * Strips inline Markdown from one line, keeping what a reader sees: link text, emphasised
 * words, code spans. Images and raw HTML tags are dropped.
 */
export function stripInlineMarkdown(line: string): string {
  return (
    line
      // Images, including linked images: ![alt](src) and ![alt][ref].
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
      // Links: [text](href "title"), [text][ref], and autolinks <https://...>.
      .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1')
      // Inline HTML tags (the text between them stays).
      .replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, ' ')
      // Code spans.
      .replace(/(`+)([^`]|[^`].*?[^`])\1(?!`)/g, (_match, _fence: string, code: string) => code.trim())
      // Strong, emphasis and strike-through; underscores only at word edges (snake_case stays).
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])/g, '$1')
      .replace(/(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1')
      .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
      // Backslash escapes.
      .replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, '$1')
  );
}
