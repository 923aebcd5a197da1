// The curves are defined once in the run engine (the API's Sweep.curve uses the same function).
export { sweepPoints, type SweepPoint } from '@rankfall/runs';
