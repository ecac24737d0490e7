// A fixed-size ring buffer with statistics, written for vouch's licence tests (stands in for GPL code).
export class RingBuffer {
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.length = 0;
  }

  push(value) {
    const end = (this.start + this.length) % this.capacity;
    this.items[end] = value;
    if (this.length < this.capacity) {
      this.length += 1;
    } else {
      this.start = (this.start + 1) % this.capacity;
    }
    return this;
  }

  shift() {
    if (this.length === 0) return undefined;
    const value = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.length -= 1;
    return value;
  }

  toArray() {
    const out = [];
    for (let i = 0; i < this.length; i++) {
      out.push(this.items[(this.start + i) % this.capacity]);
    }
    return out;
  }
}

export function movingAverage(buffer) {
  const values = buffer.toArray();
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

export function percentile(buffer, rank) {
  const values = buffer.toArray().slice().sort((a, b) => a - b);
  if (values.length === 0) return Number.NaN;
  const position = Math.min(values.length - 1, Math.max(0, Math.ceil((rank / 100) * values.length) - 1));
  return values[position];
}
