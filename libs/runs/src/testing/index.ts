export { seedRunFixtures, type RunFixtures } from './seed-run-fixtures';
