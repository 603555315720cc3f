import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../scripts/zip.ts';

/** Reads a zip back through its central directory, the way the Web Store's unpacker does. */
function readZip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(zip.subarray(dataAt, dataAt + size)).toString('utf8'));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

describe('buildZip (npm run package:chrome)', () => {
  it('writes deflated entries that read back byte for byte, paths and UTF-8 names intact', () => {
    const mtime = new Date(2026, 0, 2, 3, 4, 6);
    const zip = buildZip([
      { name: 'manifest.json', data: Buffer.from('{"manifest_version":3}'), mtime },
      { name: '_locales/zh_CN/messages.json', data: Buffer.from('{"extName":{"message":"桥接"}}'), mtime },
      { name: 'assets/empty.txt', data: Buffer.alloc(0), mtime },
    ]);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(Object.fromEntries(readZip(zip))).toEqual({
      'manifest.json': '{"manifest_version":3}',
      '_locales/zh_CN/messages.json': '{"extName":{"message":"桥接"}}',
      'assets/empty.txt': '',
    });
  });
});
