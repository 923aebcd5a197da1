/**
 * A vector of samples accepted by every metric: plain numbers or a typed array. Values are read as
 * float64 (a `Float32Array` is widened exactly); every computation runs in float64.
 */
export type NumericArray = readonly number[] | Float64Array | Float32Array;
