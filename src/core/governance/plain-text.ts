/**
 * What a person wrote, as plain text no renderer turns into a link or a mention, for places
 * others read it (escalation queue posts, ticketing webhooks): link markup shows its label
 * and address side by side, mention and control sequences lose their markup, HTML tags are
 * dropped and mass mentions are made inert.
 */
export function asPlainText(text: string): string {
  return (
    text
      // Markdown links and images, inline: [label](url "title").
      .replace(/!?\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
        labelled(label, url),
      )
      // Reference-style link definitions: [label]: url.
      .replace(/^[ \t]*\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$/gm, (_m, label: string, url: string) =>
        labelled(label, url),
      )
      // Slack links <url|label> and autolinks <url>.
      .replace(/<([a-z][a-z0-9+.-]*:[^|>\s]+)(?:\|([^>]*))?>/gi, (_m, url: string, label?: string) =>
        labelled(label ?? '', url),
      )
      // Slack mentions and channel links: <!here>, <@U123>, <#C123|general>, <!subteam^S1|@hr>.
      .replace(
        /<([!@#])([^>|]*)(?:\|([^>]*))?>/g,
        (_m, sigil: string, id: string, label?: string) =>
          `${sigil === '#' ? '#' : '@'}${(label ?? id).replace(/^@/, '')}`,
      )
      // HTML tags.
      .replace(/<\/?[a-z][^>]*>/gi, '')
      // Mass mentions: a word joiner after @ keeps the word readable but inert.
      .replace(/@(channel|here|everyone|all)\b/gi, '@\u2060$1')
  );
}

/** A one-line form of plain text for inline display, with no markup characters left to misread. */
export function asPlainName(text: string): string {
  return asPlainText(text)
    .replace(/[[\]()<>*_~`|#\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function labelled(label: string, url: string): string {
  const words = label.trim();
  return words && words !== url ? `${words} (${url})` : url;
}
