// The two CRC-32s Fastly offers. digest.hash_crc32 is CRC-32/BZIP2 (polynomial 0x04C11DB7 fed most
// significant bit first); digest.hash_crc32b is the zip/Ethernet CRC-32 (the same polynomial, reflected).

function tableOf(step: (crc: number) => number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) table[n] = step(n);
  return table;
}

/** One byte's worth of CRC-32/BZIP2: the byte enters at the top of the register. */
const BZIP2 = tableOf((n) => {
  let crc = n << 24;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});

/** One byte's worth of the reflected CRC-32: the byte enters at the bottom. */
const REFLECTED = tableOf((n) => {
  let crc = n;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  return crc >>> 0;
});

/** CRC-32/BZIP2 of the bytes (check value of "123456789": 0xfc891918). */
export function crc32Bzip2(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (crc << 8) ^ BZIP2[((crc >>> 24) ^ bytes[i]!) & 0xff]!;
  return ~crc >>> 0;
}

/** CRC-32 (ISO-HDLC, as zip and Ethernet compute it) of the bytes (check value: 0xcbf43926). */
export function crc32b(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (crc >>> 8) ^ REFLECTED[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc >>> 0;
}

/**
 * Fastly prints a CRC as its four bytes in memory order on a little-endian machine, so the check value
 * 0xfc891918 reads "181989fc" (the digest.hash_crc32 reference page's example).
 */
export function littleEndianHex(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes.toString('hex');
}
