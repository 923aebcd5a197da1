export * from './fixtures';
export * from './scnn-expected';
export * from './stored-zip';
