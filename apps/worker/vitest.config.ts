import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'worker', database: true, testTimeout: 120_000 });
