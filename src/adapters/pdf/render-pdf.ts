/**
 * The PDF renderer: a `PrintDocument` laid out on A4 pages with pdfkit, in DejaVu Sans embedded as a
 * subset (the standard PDF fonts cover WinAnsi only, and pupils' names need more: é, ñ, ł, ’, Cyrillic).
 * pdfkit and the font are plain JavaScript and TrueType files, so nothing native is built. The document's
 * own date goes in the PDF's metadata, so one document always gives the same bytes (and SHA-256).
 */
import PDFDocument from 'pdfkit';
import type { PdfRenderer, PrintDocument } from '../../ports/print-document';

const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const MARGIN = 50;

function layOut(pdf: PDFKit.PDFDocument, doc: PrintDocument): void {
  pdf.registerFont('body', REGULAR);
  pdf.registerFont('bold', BOLD);
  pdf.font('bold').fontSize(16).text(doc.title);
  pdf.moveDown(0.3);
  pdf.font('body').fontSize(10);
  for (const line of doc.subtitle) pdf.text(line);
  for (const section of doc.sections) {
    pdf.moveDown(0.8);
    pdf.font('bold').fontSize(12).text(section.heading);
    pdf.moveDown(0.2);
    if (!section.lines.length && section.emptyLine) pdf.font('body').fontSize(10).text(section.emptyLine);
    for (const line of section.lines) {
      pdf.font('body').fontSize(10).text(line.text);
      if (line.detail) pdf.fontSize(9).fillColor('#333333').text(line.detail, { indent: 12 }).fillColor('black');
      pdf.moveDown(0.2);
    }
  }
}

/** The footer on every page, written once the pages are laid out (pdfkit keeps them buffered for this). */
function footers(pdf: PDFKit.PDFDocument, doc: PrintDocument): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('body')
      .fontSize(8)
      .text(`${doc.footer}   Page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - 35, { width: pdf.page.width - 2 * MARGIN, lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}

/** Renders a printable document as PDF bytes. */
export const renderPdf: PdfRenderer = (doc) =>
  new Promise<Uint8Array>((resolve, reject) => {
    const created = new Date(doc.createdAt);
    const pdf = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      // No default Helvetica: every word is set in the embedded font.
      font: null as unknown as string,
      info: { Title: doc.title, Author: doc.author, Creator: doc.author, Producer: doc.author, CreationDate: created, ModDate: created },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
    try {
      layOut(pdf, doc);
      footers(pdf, doc);
      pdf.end();
    } catch (error) {
      reject(error);
    }
  });
