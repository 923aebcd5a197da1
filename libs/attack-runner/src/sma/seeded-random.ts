/**
 * Small seeded PRNG (mulberry32: one 32-bit word of state, period 2^32) for SMA's initial noise.
 *
 * This is NOT PyTorch's generator: `torch.manual_seed(919); torch.randint(-1, 1, ...)` draws a
 * different {−1, 0} pattern, so Stage-One targets differ from the official run at the rounding level
 * (SMA.md §9 item 16: a couple of images at the 0/100 threshold may flip; metrics move by < 0.01).
 * The state is a plain uint32, so it serialises exactly.
 */
export class SeededRandom {
  private constructor(private word: number) {}

  /** Generator seeded with an integer (taken modulo 2^32). */
  static fromSeed(seed: number): SeededRandom {
    return new SeededRandom(seed >>> 0);
  }

  /** Generator resumed from a value returned by `state`. */
  static fromState(state: number): SeededRandom {
    return new SeededRandom(state >>> 0);
  }

  /** Current state (uint32); `fromState(state)` continues the same sequence. */
  get state(): number {
    return this.word;
  }

  /** Next uniformly distributed uint32. */
  nextUint32(): number {
    this.word = (this.word + 0x6d2b79f5) >>> 0;
    let x = this.word;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  }

  /** Next double uniform in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [lo, hiExclusive) (like `torch.randint(lo, hi)`); the range must be ≤ 2^32. */
  nextInt(lo: number, hiExclusive: number): number {
    return lo + Math.floor(this.nextFloat() * (hiExclusive - lo));
  }
}
