import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'runs', database: true, testTimeout: 120_000 });
