import { projectTestConfig } from '../../vitest.shared';

export default projectTestConfig({ name: 'web', include: ['lib/**/*.spec.ts', 'app/**/*.spec.ts', 'app/**/*.spec.tsx'] });
