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
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value);
  // the whole value encoded on its own (its last character too, when nothing follows it)
  const whole = bytes.toString('base64').replace(/=+$/, '');
  const forms = new Set<string>([whole, whole.replace(/\+/g, '-').replace(/\//g, '_')]);
  for (let offset = 0; offset < 3; offset++) {
    const base64 = blockForm(bytes, {
      offset,
      bitsPerChar: 6,
      encode: (padded) => padded.toString('base64'),
    });
    forms.add(base64);
    forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  for (let offset = 0; offset < 5; offset++) {
    const base32 = blockForm(bytes, { offset, bitsPerChar: 5, encode: toBase32 });
    forms.add(base32);
    forms.add(base32.toLowerCase());
  }
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  for (const form of percentForms(value)) forms.add(form);
  forms.delete(value);
  return [...forms];
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

/** RFC 4648 base32, without padding (Node has none built in). */
function toBase32(bytes: Buffer): string {
  let result = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      result += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) result += BASE32[(buffer << (5 - bits)) & 31];
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
