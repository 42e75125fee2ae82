/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 60000,
  // most test time is spent waiting on spawned CLIs and the fake API, not computing: three workers keep two
  // cores busy (jest's default, cores − 1, runs the suite one file at a time on a 2-core machine)
  maxWorkers: 3,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};
