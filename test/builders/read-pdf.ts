/**
 * A PDF's text, read back with a real PDF text extractor (pdf-parse, on Mozilla's pdf.js). It runs in a
 * child Node process: pdf.js loads its worker with a dynamic `import()`, which Jest's module sandbox
 * refuses without an experimental flag.
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(result.text);
});
`;

export function pdfText(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', SCRIPT], { cwd: process.cwd(), maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(Buffer.from(bytes));
  });
}
