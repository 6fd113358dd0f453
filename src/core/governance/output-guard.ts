import type { Citation } from '../reply.js';

/**
 * Makes answer text safe to show whatever wrote it (a model can be steered by a poisoned
 * source): links only to the cited sources or allowed hosts, no images or HTML, and no
 * mass mentions that would notify a whole channel.
 */
export function guardAnswerText(text: string, citations: Citation[], allowedHosts: string[] = []): string {
  const allowedUrls = new Set(citations.map((c) => stripAnchor(c.url)));
  const isAllowed = (url: string) => allowedUrls.has(stripAnchor(url)) || hostAllowed(url, allowedHosts);
  return (
    text
      // Markdown images: never rendered, they can leak data through the image URL.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, (_m, alt: string) => alt)
      // Markdown links: kept only to cited sources and allowed hosts; otherwise the words stay.
      .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (match, label: string, url: string) =>
        isAllowed(url) ? match : label,
      )
      // Bare URLs outside the allowed set.
      .replace(/(?<![(\w])https?:\/\/[^\s)<>\]]+/g, (url) => (isAllowed(url) ? url : '[link removed]'))
      // HTML tags and Slack control sequences (<!channel>, <@U123>, <http://…|x>).
      .replace(/<\/?[a-z][^>]*>|<[!@#][^>]*>/gi, '')
      // Mass mentions: a word joiner after @ keeps the word readable but inert.
      .replace(/@(channel|here|everyone|all)\b/gi, '@\u2060$1')
  );
}

function stripAnchor(url: string): string {
  return url.replace(/#.*$/, '');
}

function hostAllowed(url: string, hosts: string[]): boolean {
  if (hosts.length === 0) return false;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  } catch {
    return false;
  }
}
