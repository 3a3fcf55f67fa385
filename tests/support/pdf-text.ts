/**
 * The text of a PDF, page by page, read back with pdf.js (Mozilla's renderer, as a browser would
 * read it): what a person copying text out of the PDF gets, through the font's ToUnicode map. No
 * system tool needed.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContent {
  pages: string[];
  /** Fonts of the document: name and whether the file carries it (embedded). */
  fonts: { name: string; embedded: boolean }[];
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const fonts = new Map<string, boolean>();
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
      await page.getOperatorList();
      // commonObjs holds the loaded fonts: a font missing from the file would be a system fallback.
      for (const id of Object.keys(content.styles)) {
        const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: string; missingFile?: boolean }) : null;
        if (font) fonts.set(font.name ?? id, !font.missingFile);
      }
    }
    const { info } = await doc.getMetadata();
    return { pages, fonts: [...fonts].map(([name, embedded]) => ({ name, embedded })), info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}
