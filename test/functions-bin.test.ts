// bin.base64_to_hex and bin.hex_to_base64: the pages' examples, including the 0x00 bytes a VCL
// string could not carry, and EINVAL for bad input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callFunction, value } from './helpers/function-calls.js';

function expectCall(name: string, arg: string | null, want: string | null, error: string | null = null): void {
  const got = callFunction(name, arg);
  expect(got.value, `${name}(${JSON.stringify(arg)})`).toBe(want);
  expect(got.error, `${name}(${JSON.stringify(arg)}) fastly.error`).toBe(error);
}

describe('bin.base64_to_hex (page examples)', () => {
  it.each([
    ['AQ==', '01'],
    ['AJ/CMw==', '009FC233'],
    ['AQIDBAUGBwgJ', '010203040506070809'],
    ['AJ8AwgAzAA==', '009F00C2003300'],
    ['YWJjZA==', '61626364'],
    ['', ''],
  ])('%j is %j', (input, hex) => expectCall('bin.base64_to_hex', input, hex));

  it('gives not set and EINVAL for characters outside the alphabet ("-YWJjZA==", "YWJ%jZA==")', () => {
    expectCall('bin.base64_to_hex', '-YWJjZA==', null, 'EINVAL');
    expectCall('bin.base64_to_hex', 'YWJ%jZA==', null, 'EINVAL');
  });

  it('gives not set for a not-set argument (the page\'s example list)', () => {
    expectCall('bin.base64_to_hex', null, null);
  });

  it('accepts Base64 without padding but not a length Base64 cannot have', () => {
    expectCall('bin.base64_to_hex', 'AQ', '01');
    expectCall('bin.base64_to_hex', 'AQI', '0102');
    expectCall('bin.base64_to_hex', 'AQIDB', null, 'EINVAL');
    expectCall('bin.base64_to_hex', 'AQI==', null, 'EINVAL');
    expectCall('bin.base64_to_hex', 'A===', null, 'EINVAL');
  });
});

describe('bin.hex_to_base64 (page examples)', () => {
  it('page example: "009FC233" is "AJ/CMw=="; either case of hex', () => {
    expectCall('bin.hex_to_base64', '009FC233', 'AJ/CMw==');
    expectCall('bin.hex_to_base64', '009fc233', 'AJ/CMw==');
    expectCall('bin.hex_to_base64', '', '');
  });

  it('page example (vcl_error): "00" message "1a" keeps its zero bytes', () => {
    expectCall('bin.hex_to_base64', `00${'48656c6c6f'}1a`, Buffer.from([0, ...Buffer.from('Hello'), 0x1a]).toString('base64'));
  });

  it('gives not set and EINVAL for bad hex or an incomplete pair', () => {
    expectCall('bin.hex_to_base64', '0g', null, 'EINVAL');
    expectCall('bin.hex_to_base64', '009', null, 'EINVAL');
    expectCall('bin.hex_to_base64', '0x00', null, 'EINVAL');
  });

  it('round-trips any bytes through both functions (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex').toUpperCase();
        const base64 = value('bin.hex_to_base64', hex) as string;
        expect(base64).toBe(Buffer.from(bytes).toString('base64'));
        expect(value('bin.base64_to_hex', base64)).toBe(hex);
      }),
    );
  });
});
