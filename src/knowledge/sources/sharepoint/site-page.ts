/** A modern site page as `GET /sites/{id}/pages/{id}/microsoft.graph.sitePage?$expand=canvasLayout` returns it. */
export interface SitePage {
  title?: string;
  name?: string;
  description?: string;
  canvasLayout?: {
    horizontalSections?: { columns?: { webparts?: { innerHtml?: string }[] }[] }[];
    verticalSection?: { webparts?: { innerHtml?: string }[] };
  };
}

interface WebPart {
  innerHtml?: string;
}

/**
 * The readable part of a site page as HTML: title, description, and the HTML of its text
 * web parts in layout order (sections, columns, then the vertical section). Other web parts
 * (images, lists, embeds) carry no text Lumen can cite.
 */
export function sitePageToHtml(page: SitePage, fallbackTitle: string): string {
  const layout = page.canvasLayout;
  const webParts: WebPart[] = [
    ...(layout?.horizontalSections ?? []).flatMap((section) =>
      (section.columns ?? []).flatMap((column) => column.webparts ?? []),
    ),
    ...(layout?.verticalSection?.webparts ?? []),
  ];
  const title = escapeHtml(page.title ?? page.name ?? fallbackTitle);
  const parts = webParts.map((part) => part.innerHtml).filter((html): html is string => Boolean(html));
  const description = page.description ? `<p>${escapeHtml(page.description)}</p>` : '';
  return `<html><head><title>${title}</title></head><body>${description}${parts.join('\n')}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
