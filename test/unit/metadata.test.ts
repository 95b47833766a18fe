import { describe, expect, it } from 'vitest';
import { canStrip, sniffImageType, stripMetadata } from '../../lib/metadata.js';

// ---- A tiny baseline JPEG, assembled segment by segment ----

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** A marker segment: FF <marker> <length incl. itself> <payload>. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const SOI = hex('FFD8');
const APP0 = segment(0xe0, Buffer.concat([Buffer.from('JFIF\0', 'latin1'), hex('0101 00 0048 0048 00 00')]));
const EXIF = Buffer.concat([
  Buffer.from('Exif\0\0', 'latin1'),
  hex('4D4D002A00000008'),
  Buffer.from('Make\0Phone X\0GPSLatitude\0' + '50 27 0.36N\0GPSLongitude\0' + '30 31 24.24E\0DateTimeOriginal 2026:03:02 09:15:00\0', 'latin1'),
]);
const APP1 = segment(0xe1, EXIF);
const APP1_XMP = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>50,27N</exif:GPSLatitude></x:xmpmeta>', 'latin1'));
const APP2_ICC = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0', 'latin1'), hex('0101'), Buffer.alloc(16, 0x11)]));
const APP13_IPTC = segment(0xed, Buffer.from('Photoshop 3.0\0' + '8BIM By-line: Ivan Petrenko', 'latin1'));
const COM = segment(0xfe, Buffer.from('Taken by Ivan Petrenko, +380501234567', 'latin1'));
const DQT = segment(0xdb, Buffer.concat([hex('00'), Buffer.from(Array.from({ length: 64 }, (_, i) => i + 1))]));
const SOF0 = segment(0xc0, hex('08 0001 0001 01 01 11 00'));
const DHT = segment(0xc4, Buffer.concat([hex('00'), hex('00010000000000000000000000000000'), hex('00')]));
const SOS = segment(0xda, hex('01 01 00 00 3F 00'));
// Entropy-coded data, with a stuffed FF00 and a restart marker, then EOI.
const SCAN = hex('F8 A2 8A FF 00 28 A0 FF D0 0F FF D9');

const jpeg = (...middle: Buffer[]) => Buffer.concat([SOI, ...middle, SOS, SCAN]);
const FULL = jpeg(APP0, APP1, COM, DQT, SOF0, DHT);
const CLEAN = jpeg(APP0, DQT, SOF0, DHT);

const has = (data: Buffer, text: string) => data.includes(Buffer.from(text, 'latin1'));
const hasMarker = (data: Buffer, marker: number) => data.includes(Buffer.from([0xff, marker]));

describe('stripMetadata on JPEG', () => {
  it('removes the Exif APP1 and COM segments and keeps everything else byte for byte', () => {
    expect(has(FULL, 'GPSLatitude')).toBe(true);
    const result = stripMetadata(FULL, 'image/jpeg');
    expect(result.stripped).toBe(true);
    expect(result.data.equals(CLEAN)).toBe(true);
  });

  it('the GPS position, device and comment are gone and no APP1 or COM marker is left', () => {
    const { data } = stripMetadata(FULL, 'image/jpeg');
    for (const text of ['GPSLatitude', 'GPSLongitude', 'Phone X', 'Exif', 'Ivan Petrenko', '+380501234567']) expect(has(data, text), text).toBe(false);
    expect(hasMarker(data, 0xe1)).toBe(false);
    expect(hasMarker(data, 0xfe)).toBe(false);
  });

  it('keeps SOI first, APP0 next and the scan data to the end unchanged', () => {
    const { data } = stripMetadata(FULL, 'image/jpeg');
    expect(data.subarray(0, 2).equals(SOI)).toBe(true);
    expect(data.subarray(2, 2 + APP0.length).equals(APP0)).toBe(true);
    const tail = Buffer.concat([SOS, SCAN]);
    expect(data.subarray(data.length - tail.length).equals(tail)).toBe(true);
  });

  it('removes XMP and IPTC too, and keeps the ICC colour profile', () => {
    const input = jpeg(APP0, APP1, APP1_XMP, APP2_ICC, APP13_IPTC, COM, DQT, SOF0);
    const { data, stripped } = stripMetadata(input, 'image/jpeg');
    expect(stripped).toBe(true);
    expect(data.equals(jpeg(APP0, APP2_ICC, DQT, SOF0))).toBe(true);
    expect(has(data, 'GPSLatitude')).toBe(false);
    expect(has(data, 'Ivan Petrenko')).toBe(false);
  });

  it('every APPn from APP3 to APP15 is dropped', () => {
    const apps = Array.from({ length: 13 }, (_, i) => segment(0xe3 + i, Buffer.from(`app${i + 3} secret`, 'latin1')));
    const { data } = stripMetadata(jpeg(APP0, ...apps, DQT, SOF0), 'image/jpeg');
    expect(data.equals(jpeg(APP0, DQT, SOF0))).toBe(true);
  });

  it('a JPEG without metadata comes back identical', () => {
    const result = stripMetadata(CLEAN, 'image/jpeg');
    expect(result.stripped).toBe(true);
    expect(result.data.equals(CLEAN)).toBe(true);
  });

  it('metadata of an image embedded after the end of the first (multi-picture, motion photo) is removed too', () => {
    // Phones append further JPEGs after the primary image's EOI (MPF previews, gain maps, motion
    // photos), and each carries its own Exif block with the GPS position.
    const input = Buffer.concat([FULL, jpeg(APP1, DQT, SOF0)]);
    const { data } = stripMetadata(input, 'image/jpeg');
    expect(has(data, 'GPSLatitude')).toBe(false);
    expect(hasMarker(data, 0xe1)).toBe(false);
  });

  it.each([
    ['a truncated segment', Buffer.concat([SOI, APP0, APP1.subarray(0, 20)])],
    ['a segment length past the end', Buffer.concat([SOI, hex('FFE1 FFFF 0000')])],
    ['a segment length under two', Buffer.concat([SOI, hex('FFE1 0001 0000'), SOS, SCAN])],
    ['no marker where a segment should start', Buffer.concat([SOI, hex('00E1 0004 0000'), SOS, SCAN])],
    ['no start of scan', Buffer.concat([SOI, APP0, APP1, DQT, SOF0])],
    ['only SOI', SOI],
    ['empty', Buffer.alloc(0)],
    ['not a JPEG at all', Buffer.from('GIF89a, GPSLatitude', 'latin1')],
  ])('a malformed JPEG (%s) comes back unchanged and not stripped', (_, input) => {
    const result = stripMetadata(input, 'image/jpeg');
    expect(result.stripped).toBe(false);
    expect(result.data).toBe(input);
  });
});

// ---- A tiny PNG ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = hex('89504E470D0A1A0A');
const IHDR = chunk('IHDR', hex('00000001 00000001 08 02 00 00 00'));
const SRGB = chunk('sRGB', hex('00'));
const TEXT = chunk('tEXt', Buffer.from('Author\0Ivan Petrenko', 'latin1'));
const ZTXT = chunk('zTXt', Buffer.from('Comment\0\0compressed-secret', 'latin1'));
const ITXT = chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>50,27N</exif:GPSLatitude>', 'latin1'));
const EXIF_CHUNK = chunk('eXIf', Buffer.concat([hex('4D4D002A00000008'), Buffer.from('GPSLatitude 50 27N', 'latin1')]));
const TIME = chunk('tIME', hex('07EA 03 02 09 0F 00'));
const IDAT = chunk('IDAT', hex('789C63F8CFC0F01F0005000201'));
const IEND = chunk('IEND', Buffer.alloc(0));

const png = (...chunks: Buffer[]) => Buffer.concat([PNG_SIGNATURE, ...chunks]);

describe('stripMetadata on PNG', () => {
  it('drops tEXt and eXIf and keeps IHDR, IDAT and IEND byte for byte', () => {
    const input = png(IHDR, TEXT, EXIF_CHUNK, IDAT, IEND);
    const result = stripMetadata(input, 'image/png');
    expect(result.stripped).toBe(true);
    expect(result.data.equals(png(IHDR, IDAT, IEND))).toBe(true);
    expect(has(result.data, 'GPSLatitude')).toBe(false);
    expect(has(result.data, 'Ivan Petrenko')).toBe(false);
  });

  it('drops zTXt, iTXt and tIME and keeps rendering chunks such as sRGB', () => {
    const input = png(IHDR, SRGB, ZTXT, ITXT, TIME, IDAT, TEXT, IEND);
    expect(stripMetadata(input, 'image/png').data.equals(png(IHDR, SRGB, IDAT, IEND))).toBe(true);
  });

  it('drops anything appended after IEND', () => {
    const input = Buffer.concat([png(IHDR, IDAT, IEND), Buffer.from('GPSLatitude trailing data', 'latin1')]);
    const { data, stripped } = stripMetadata(input, 'image/png');
    expect(stripped).toBe(true);
    expect(data.equals(png(IHDR, IDAT, IEND))).toBe(true);
  });

  it.each([
    ['no IEND', png(IHDR, TEXT, IDAT)],
    ['a chunk length past the end', Buffer.concat([PNG_SIGNATURE, IHDR, hex('7FFFFFFF'), Buffer.from('tEXt', 'latin1'), Buffer.alloc(8)])],
    ['a bad signature', Buffer.concat([hex('89504E470D0A1A00'), IHDR, IDAT, IEND])],
    ['only the signature', PNG_SIGNATURE],
    ['empty', Buffer.alloc(0)],
  ])('a malformed PNG (%s) comes back unchanged and not stripped', (_, input) => {
    const result = stripMetadata(input, 'image/png');
    expect(result.stripped).toBe(false);
    expect(result.data).toBe(input);
  });
});

describe('stripMetadata on other types', () => {
  it.each(['application/pdf', 'image/heic', 'video/mp4', 'image/gif', 'application/octet-stream', ''])(
    '%j comes back unchanged and not stripped',
    (mime) => {
      const input = Buffer.from('%PDF-1.7 /Author (Ivan Petrenko) GPSLatitude', 'latin1');
      const result = stripMetadata(input, mime);
      expect(result).toEqual({ data: input, stripped: false });
      expect(result.data).toBe(input);
    },
  );

  it('a JPEG declared as another type is not touched', () => {
    const result = stripMetadata(FULL, 'application/octet-stream');
    expect(result.stripped).toBe(false);
    expect(result.data).toBe(FULL);
  });
});

describe('sniffImageType', () => {
  it('recognises JPEG and PNG by their first bytes', () => {
    expect(sniffImageType(FULL)).toBe('image/jpeg');
    expect(sniffImageType(png(IHDR, IDAT, IEND))).toBe('image/png');
    expect(sniffImageType(PNG_SIGNATURE)).toBe('image/png');
    expect(sniffImageType(hex('FFD8FF'))).toBe('image/jpeg');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['two bytes of JPEG', hex('FFD8')],
    ['SOI without a marker after it', hex('FFD800E0')],
    ['a truncated PNG signature', PNG_SIGNATURE.subarray(0, 7)],
    ['a GIF', Buffer.from('GIF89a', 'latin1')],
    ['a PDF', Buffer.from('%PDF-1.7', 'latin1')],
  ])('returns null for %s', (_, data) => {
    expect(sniffImageType(data)).toBeNull();
  });
});

describe('canStrip', () => {
  it('is true only for JPEG and PNG', () => {
    expect(canStrip('image/jpeg')).toBe(true);
    expect(canStrip('image/png')).toBe(true);
    for (const mime of ['image/heic', 'image/webp', 'application/pdf', 'video/mp4', 'image/gif', '']) expect(canStrip(mime), mime).toBe(false);
  });
});
