export * from './job-contracts';
export * from './rankfall-error';
