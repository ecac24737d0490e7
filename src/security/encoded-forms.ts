/**
 * The strings a value's bytes become once encoded, as a hostile test or a log line would print them, each of
 * which is found inside any longer encoded text holding the value (`b64encode(b"k" + key)`, an HTTP Basic
 * header's `user:password`, a URL's query).
 *
 * A block encoding (base64: 3 bytes → 4 characters; base32: 5 → 8) spells the value's bytes differently at
 * each offset in its blocks, and the characters at its two ends mix bits of the neighbouring bytes. So for
 * each offset the form is the run of characters made of the value's bits alone: three for base64 (and
 * three for its URL-safe alphabet), five for base32. What is left around a replaced form is a character or
 * two holding a few bits of the value's first and last bytes.
 *
 * Base85 (Python's `b85encode`, and Ascii85: `a85encode`) is no bit stream: each group of five characters
 * spells four bytes as one number, so a character depends on all four. The forms are then the groups that
 * lie wholly inside the value, at each of its four alignments; up to three bytes at each end stay.
 *
 * Base64 applied twice is found too (the outer encoding of each inner form); other encodings applied twice,
 * or one after another, are not.
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value);
  // the whole value encoded on its own (its last character too, when nothing follows it)
  const whole = bytes.toString('base64').replace(/=+$/, '');
  const forms = new Set<string>([whole, whole.replace(/\+/g, '-').replace(/\//g, '_')]);
  const inner = [whole, ...base64Forms(bytes)];
  for (const base64 of inner) {
    forms.add(base64);
    forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // base64 of base64 (`b64encode(b64encode(key))`): the outer encoding of each inner form
  for (const base64 of inner) for (const twice of base64Forms(Buffer.from(base64))) forms.add(twice);
  for (const alphabet of [BASE32, BASE32_HEX])
    for (let offset = 0; offset < 5; offset++) {
      const base32 = blockForm(bytes, {
        offset,
        bitsPerChar: 5,
        encode: (padded) => toBase32(padded, alphabet),
      });
      forms.add(base32);
      forms.add(base32.toLowerCase());
    }
  for (let skip = 0; skip < 4; skip++) {
    const groups = bytes.subarray(skip, skip + 4 * Math.floor((bytes.length - skip) / 4));
    forms.add(toBase85(groups, BASE85));
    forms.add(toBase85(groups, ASCII85));
  }
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  for (const form of percentForms(value)) forms.add(form);
  forms.delete(value);
  // a form this short could be anywhere by chance (a short value's lone base85 group)
  return [...forms].filter((form) => form.length >= MIN_FORM_LENGTH);
}

/** Shorter encoded forms are left out (known-secrets.ts's bound for a value's transforms). */
const MIN_FORM_LENGTH = 8;

/** The base64 of `bytes` after 0, 1 and 2 other bytes: the characters made of their bits alone. */
function base64Forms(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) =>
    blockForm(bytes, { offset, bitsPerChar: 6, encode: (padded) => padded.toString('base64') }),
  );
}

/** The characters of `bytes` encoded after `offset` bytes of anything, that depend on `bytes` alone. */
function blockForm(
  bytes: Buffer,
  {
    offset,
    bitsPerChar,
    encode,
  }: { offset: number; bitsPerChar: number; encode: (padded: Buffer) => string },
): string {
  const encoded = encode(Buffer.concat([Buffer.alloc(offset), bytes]));
  const first = Math.ceil((8 * offset) / bitsPerChar);
  const end = Math.floor((8 * (offset + bytes.length)) / bitsPerChar);
  return encoded.slice(first, end);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** RFC 4648's "base32hex" (Python's `b32hexencode`) */
const BASE32_HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
/** RFC 1924's alphabet, Python's `b85encode` (and git's binary patches) */
const BASE85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';
/** Ascii85 (Adobe's, Python's `a85encode`): `!` to `u` */
const ASCII85 = Array.from({ length: 85 }, (_, digit) => String.fromCharCode(33 + digit)).join('');

/**
 * Whole groups of four bytes as five base-85 digits each. Ascii85's `z` for a group of zero bytes is not
 * written: text holds no NUL bytes.
 */
function toBase85(bytes: Buffer, alphabet: string): string {
  let result = '';
  for (let index = 0; index + 4 <= bytes.length; index += 4) {
    let number = bytes.readUInt32BE(index);
    let group = '';
    for (let digit = 0; digit < 5; digit++) {
      group = alphabet[number % 85] + group;
      number = Math.floor(number / 85);
    }
    result += group;
  }
  return result;
}

/** RFC 4648 base32 in `alphabet`, without padding (Node has none built in). */
function toBase32(bytes: Buffer, alphabet = BASE32): string {
  let result = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      result += alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) result += alphabet[(buffer << (5 - bits)) & 31];
  return result;
}

/**
 * Percent-encodings: JavaScript's `encodeURIComponent`, RFC 3986's strict form (Python's `quote(v, safe="")`),
 * Python's default `quote` (keeps `/`) and form encoding (`quote_plus`: a space as `+`).
 */
function percentForms(value: string): string[] {
  const strict = (keep: RegExp) =>
    [...Buffer.from(value)]
      .map((byte) => {
        const char = String.fromCharCode(byte);
        return byte < 0x80 && keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  const component = encodeURIComponent(value);
  const unreserved = strict(/[A-Za-z0-9_.~-]/);
  return [component, unreserved, strict(/[A-Za-z0-9_.~/-]/), unreserved.replace(/%20/g, '+')];
}
