import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'api', database: true, testTimeout: 120_000 });
