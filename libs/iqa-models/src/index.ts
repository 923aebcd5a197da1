export * from './iqa-model';
