export * from './fixtures';
export * from './scnn-expected';
