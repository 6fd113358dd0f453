import type { Citation } from '../reply.js';

/** Characters no one sees that can split a link past a matcher (zero-width spaces, joiners, soft hyphen). */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
/** Top-level domains chat clients and browsers link when written bare (`evil.com/login`). */
const LINKED_TLDS =
  'com|net|org|info|biz|io|co|ai|app|dev|me|ly|gl|gg|to|tv|cc|ws|xyz|top|site|online|link|click|zip|mov|shop|store|page|cloud|tech|live|email|support|help|login|us|uk|eu|de|fr|nl|be|ch|at|it|es|pt|ie|se|no|dk|fi|pl|cz|ru|ua|cn|jp|kr|in|au|nz|ca|mx|br|ar|za|sg|hk|tk|ml|ga|cf|gq';
const BARE_DOMAIN = new RegExp(
  `(?<![\\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${LINKED_TLDS})(?![\\w-])(?:[/:?#][^\\s<>()\\]]*)?`,
  'gi',
);

/**
 * Makes answer text safe to show whatever wrote it (a model can be steered by a poisoned
 * source). Text is normalised first (invisible characters dropped, tabs made spaces), then
 * only links to the cited sources survive: Markdown links to anything else keep their words,
 * and anything a renderer would link on its own (any scheme in any case, `//host`, `www.`,
 * bare domains, `mailto:` and other schemes) is removed. E-mail addresses that `statedIn` (the
 * cited sources' texts) state stay as written, so an employee can write to the team a policy
 * names; any other address stays readable but inert. No images, no HTML, no mass mentions
 * that would notify a whole channel.
 */
export function guardAnswerText(text: string, citations: Citation[], statedIn: string[] = []): string {
  const cited = new Set(citations.map((c) => linkKey(c.url)));
  const isCited = (url: string) => cited.has(linkKey(url));
  const saved: string[] = [];
  const keep = (value: string) => `\uE000${saved.push(value) - 1}\uE001`;

  let s = text
    .replace(/[\uE000\uE001]/g, '')
    .replace(INVISIBLE, '')
    .replace(/\t/g, ' ');
  // Markdown images: never rendered, they can leak data through the image URL.
  s = s.replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, (_m, alt: string) => alt);
  // Markdown links: kept only to cited sources; otherwise the words stay.
  s = s.replace(/\[([^\]\n]+)\]\(([^)\n]*)\)/g, (_m, label: string, destination: string) => {
    const url = destinationOf(destination);
    return url && isCited(url) ? keep(`[${label}](${url})`) : label;
  });
  // Reference-style link definitions: `[1]: https://…` turns `[text][1]` into a link.
  s = s.replace(/^[ ]{0,3}\[([^\]\n]+)\]:[ ]*\S+.*$/gm, '');
  // Autolinks and Slack links: <https://…>, <https://…|label>, <mailto:…>.
  s = s.replace(/<([a-z][a-z0-9+.-]*:[^\s|>]*)(?:\|([^>]*))?>/gi, (_m, url: string, label?: string) =>
    label !== undefined ? label : isCited(url) ? keep(url) : '[link removed]',
  );
  // HTML tags and Slack control sequences (<!channel>, <@U123>).
  s = s.replace(/<\/?[a-z][^>]*>|<[!@#][^>]*>/gi, '');
  // E-mail addresses (with or without mailto:): as the cited source wrote them, otherwise
  // readable but never a link.
  // The sources' addresses are collected only for an answer that holds one: scanning every
  // source for them costs more than the rest of this guard.
  let stated: Set<string> | undefined;
  const isStated = (address: string) => {
    stated ??= new Set(
      statedIn
        .flatMap((source) => (source.includes('@') ? (source.match(EMAIL) ?? []) : []))
        .map((a) => a.toLowerCase()),
    );
    return stated.has(address.toLowerCase());
  };
  s = s.replace(EMAIL_OR_MAILTO, (_m, local: string, domain: string) => {
    const address = `${local}@${domain}`;
    return keep(isStated(address) ? address : `${local} [at] ${domain}`);
  });
  // Anything with a scheme and //, in any case.
  s = s.replace(/(?<![\w+.-])[a-z][a-z0-9+.-]*:\/\/[^\s<>()\]]*/gi, (match) =>
    replaceBare(match, (url) => (isCited(url) ? keep(url) : '[link removed]')),
  );
  // Schemes without // that open something: mailto:, javascript:, data:, tel: and the like.
  s = s.replace(
    /(?<![\w+.-])(?:mailto|javascript|vbscript|data|file|tel|sms|callto|ms-[a-z-]+):[^\s<>]+/gi,
    () => '[link removed]',
  );
  // Protocol-relative //host/…, www.… and bare domains a client would link.
  s = s.replace(/(?<![\w:/])\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>()\]]*/gi, '[link removed]');
  s = s.replace(/(?<![\w.-])www\d{0,3}\.[^\s<>()\]]+/gi, (match) =>
    replaceBare(match, () => '[link removed]'),
  );
  s = s.replace(BARE_DOMAIN, (match) => replaceBare(match, () => '[link removed]'));
  // Mass mentions: a word joiner after @ keeps the word readable but inert.
  s = s.replace(/@(channel|here|everyone|all)\b/gi, '@\u2060$1');
  return s.replace(PLACEHOLDER, (_m, n: string) => saved[Number(n)] ?? '');
}

const EMAIL = /[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]{2,}/giu;
const EMAIL_OR_MAILTO = /(?:mailto:)?([\p{L}\p{N}._%+-]+)@((?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]{2,})/giu;

/** Replaces a bare link, leaving trailing sentence punctuation outside it. */
function replaceBare(match: string, replace: (url: string) => string): string {
  const [, url = match, trailing = ''] = /^(.*?)([.,;:!?'"]*)$/s.exec(match) ?? [];
  return replace(url) + trailing;
}

/** The URL of a Markdown link destination: `<url>` or `url "title"`, whitespace removed. */
function destinationOf(destination: string): string | undefined {
  const trimmed = destination.trim();
  const url = trimmed.startsWith('<')
    ? trimmed.slice(1, trimmed.indexOf('>') + 1 || undefined)
    : trimmed.split(/\s+"/)[0];
  const clean = (url ?? '').replace(/>$/, '').replace(/\s+/g, '');
  return clean || undefined;
}

/** What two links must share to be the same source: scheme and host in lower case, no anchor. */
function linkKey(url: string): string {
  const clean = url.replace(INVISIBLE, '').replace(/\s+/g, '').replace(/#.*$/, '');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(clean)) return clean;
  try {
    const parsed = new URL(clean);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}`;
  } catch {
    return clean.toLowerCase();
  }
}
