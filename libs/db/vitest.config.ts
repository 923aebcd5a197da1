import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'db', database: true, testTimeout: 120_000 });
