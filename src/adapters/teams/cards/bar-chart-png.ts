/**
 * A small bar chart as a PNG data URI for an Adaptive Card `Image` (Teams shows data URIs). Bars only:
 * the numbers and labels are in the card's text beside it, which is also the image's alt text.
 * Encoded here (RGB, zlib from Node) so the product needs no image library.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface ChartSize {
  width: number;
  height: number;
}

/** Bars left to right; the last (this week) is drawn darker. Returns `data:image/png;base64,…`. */
export function barChartPng(values: number[], size: ChartSize = { width: 480, height: 160 }): string {
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * 3, 0xff);
  const paint = (x0: number, y0: number, x1: number, y1: number, [r, g, b]: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
        const at = (y * width + x) * 3;
        pixels[at] = r;
        pixels[at + 1] = g;
        pixels[at + 2] = b;
      }
    }
  };
  const max = Math.max(1, ...values);
  const slot = Math.floor(width / Math.max(1, values.length));
  values.forEach((v, i) => {
    const barHeight = Math.round(((height - 12) * v) / max);
    const colour: [number, number, number] = i === values.length - 1 ? [0x1d, 0x4f, 0x91] : [0x8a, 0xa8, 0xd0];
    paint(i * slot + 6, height - 2 - barHeight, (i + 1) * slot - 6, height - 2, colour);
  });
  paint(0, height - 2, width, height, [0x60, 0x60, 0x60]);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}
