// Draws media/icon.png (128×128): a page of documentation with a sparkle, on a rounded square.
// Run: node scripts/makeIcon.mjs. Pure Node (zlib); 4×4 supersampling for smooth edges.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SAMPLES = 4;

/** Inside tests in icon coordinates (0..128). */
function roundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function sparkle(x, y, cx, cy, r) {
  // A four-pointed star: |dx|^0.5 + |dy|^0.5 <= r^0.5
  const dx = Math.abs(x - cx);
  const dy = Math.abs(y - cy);
  return Math.sqrt(dx) + Math.sqrt(dy) <= Math.sqrt(r);
}

/** Colour of one sample point, or undefined for transparent. */
function shade(x, y) {
  if (!roundedRect(x, y, 4, 4, 124, 124, 24)) return undefined;
  if (sparkle(x, y, 94, 34, 20)) return [255, 196, 61];
  const inPage = roundedRect(x, y, 30, 22, 94, 108, 6);
  // The top-right corner of the page is folded over: cut off above the diagonal, shaded below it.
  const inCorner = x > 76 && y < 40;
  const aboveFold = inCorner && x - 76 > y - 22;
  if (inPage && !aboveFold) {
    if (inCorner) return [190, 205, 225];
    const lines = [44, 56, 68, 80, 92];
    for (const [i, ly] of lines.entries()) {
      const end = i === lines.length - 1 ? 66 : i % 2 === 0 ? 82 : 76;
      if (y >= ly - 2.5 && y <= ly + 2.5 && x >= 40 && x <= end) return [70, 110, 170];
    }
    return [245, 248, 252];
  }
  // Background: a diagonal blue gradient.
  const t = (x + y) / (2 * SIZE);
  return [Math.round(28 + 20 * t), Math.round(42 + 30 * t), Math.round(74 + 60 * t)];
}

function render() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = shade(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = py * (SIZE * 4 + 1) + 1 + px * 4;
      const n = SAMPLES * SAMPLES;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((255 * a) / n);
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(render(), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('../media/icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
