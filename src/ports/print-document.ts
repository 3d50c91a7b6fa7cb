/**
 * A document to print, in words only: a title, lines under it, sections of lines, and a footer on every
 * page. Core says what a file holds (a child's file, one incident for the police); an adapter lays it out
 * as a PDF. The same document always renders to the same bytes, so a file's SHA-256 can be checked later.
 */

/** One line of a section, with the words under it when there are any. */
export interface PrintLine {
  text: string;
  detail?: string;
}

/** A headed part of the document. */
export interface PrintSection {
  heading: string;
  lines: PrintLine[];
  /** What to print when there are no lines. */
  emptyLine?: string;
}

/** The whole document in words. */
export interface PrintDocument {
  title: string;
  /** Lines under the title: the school, who it is about, when and for whom it was made. */
  subtitle: string[];
  sections: PrintSection[];
  /** Printed at the foot of every page (the confidentiality line). */
  footer: string;
  /** ISO 8601: the document's own creation date, so the same document makes the same file. */
  createdAt: string;
  /** The PDF's author field (the product's name). */
  author: string;
}

/** Lays a document out as PDF bytes. */
export type PdfRenderer = (doc: PrintDocument) => Promise<Uint8Array>;
