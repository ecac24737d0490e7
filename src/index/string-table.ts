/**
 * Strings as one text and the offsets (UTF-16 units) where each starts: a cached graph decodes one string
 * rather than making tens of thousands of them, and a string is cut out only when asked for.
 */
export class StringTable {
  constructor(
    readonly text: string,
    readonly offsets: Int32Array,
  ) {}

  get length(): number {
    return this.offsets.length - 1;
  }

  get(index: number): string {
    return this.text.slice(this.offsets[index]!, this.offsets[index + 1]!);
  }

  static from(strings: readonly string[]): StringTable {
    const offsets = new Int32Array(strings.length + 1);
    for (let index = 0; index < strings.length; index++)
      offsets[index + 1] = offsets[index]! + strings[index]!.length;
    return new StringTable(strings.join(''), offsets);
  }
}
