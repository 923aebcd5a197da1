export * from './test-database';
export * from './counting-prisma-client';
