// A small seeded PRNG (xoshiro128**) whose whole state is four uint32s, so strategies can
// carry it through workflow history and continueAsNew and replay the same draws.

export type RngState = [number, number, number, number];

/** splitmix32 spreads one seed over the four state words (xoshiro must not start all-zero). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  private s: RngState;

  /** From an integer seed, or from a state previously returned by `state()`. */
  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      if (!Number.isInteger(seedOrState)) throw new Error(`Rng seed must be an integer, got ${seedOrState}`);
      const mix = splitmix32(seedOrState);
      this.s = [mix(), mix(), mix(), mix()];
    } else {
      this.s = [...seedOrState] as RngState;
    }
  }

  /** A copy of the state; `new Rng(rng.state())` continues the same sequence. */
  state(): RngState {
    return [...this.s] as RngState;
  }

  /** Next uint32. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick needs a non-empty array');
    return items[this.int(items.length)];
  }

  /** A fresh integer seed for a child generator (e.g. a trial's weight initialisation). */
  seed(): number {
    return this.nextUint32() & 0x7fffffff;
  }
}
