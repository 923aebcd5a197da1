import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'cli', database: true, testTimeout: 120_000 });
