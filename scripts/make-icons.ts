/**
 * Draws the Teams app icons with Node built-ins only: `color.png` (192x192, white shield and tick on the
 * accent colour) and `outline.png` (32x32, white shield with the tick cut out, on transparent).
 * Run: `npx ts-node --transpile-only scripts/make-icons.ts`. Writes into manifest/teams/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const ACCENT: Rgba = [0x1b, 0x5e, 0x7b, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Inside a shield in unit coordinates (x, y in 0..1, y down): straight sides, then a curve to a point. */
function inShield(x: number, y: number): boolean {
  const top = 0.12;
  const bottom = 0.9;
  if (y < top || y > bottom) return false;
  const v = (y - top) / (bottom - top);
  const half = v < 0.45 ? 0.36 : 0.36 * (1 - ((v - 0.45) / 0.55) ** 1.7);
  return Math.abs(x - 0.5) <= half;
}

function nearSegment(x: number, y: number, a: [number, number], b: [number, number], width: number): boolean {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy)) <= width / 2;
}

function inTick(x: number, y: number): boolean {
  const width = 0.085;
  return nearSegment(x, y, [0.34, 0.49], [0.46, 0.61], width) || nearSegment(x, y, [0.46, 0.61], [0.67, 0.37], width);
}

/** Renders with 4x4 supersampling so the edges are smooth. */
function draw(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const samples = 4;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          // Premultiply so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i++) sum[i] = (sum[i] as number) + (c[i] as number) * (c[3] / 255);
          sum[3] = (sum[3] as number) + c[3];
        }
      }
      const n = samples * samples;
      const alpha = (sum[3] as number) / n;
      const offset = row + 1 + px * 4;
      for (let i = 0; i < 3; i++) raw[offset + i] = alpha ? Math.round((sum[i] as number) / n / (alpha / 255)) : 0;
      raw[offset + 3] = Math.round(alpha);
    }
  }
  return png(size, size, raw);
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method change, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const dir = join(__dirname, '..', 'manifest', 'teams');
writeFileSync(
  join(dir, 'color.png'),
  draw(192, (x, y) => (inShield(x, y) ? (inTick(x, y) ? ACCENT : WHITE) : ACCENT)),
);
writeFileSync(
  join(dir, 'outline.png'),
  draw(32, (x, y) => (inShield(x, y) && !inTick(x, y) ? WHITE : CLEAR)),
);
console.log(`Wrote color.png and outline.png in ${dir}`);
